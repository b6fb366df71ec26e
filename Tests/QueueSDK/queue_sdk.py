"""Azure's official queue client (PyPI azure-storage-queue) against Hearth's queue endpoint, unchanged.

Run by Tests/EndToEndTests/QueueSDKTests.swift with the venv of scripts/queue-sdk-venv.sh.
Environment: HEARTH_QUEUE_CONNECTION_STRING (a queue account's connection string) and
HEARTH_QUEUE_WRONG_CONNECTION_STRING (the same with another key). Prints one "ok: …" line per step;
exits non-zero at the first failed step.
"""

import os
import sys

from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.storage.queue import QueueServiceClient


def check(condition, what):
    if not condition:
        print("FAILED: " + what, flush=True)
        sys.exit(1)
    print("ok: " + what, flush=True)


def main():
    service = QueueServiceClient.from_connection_string(os.environ["HEARTH_QUEUE_CONNECTION_STRING"])
    wrong = QueueServiceClient.from_connection_string(os.environ["HEARTH_QUEUE_WRONG_CONNECTION_STRING"])

    queue = service.create_queue("orders", metadata={"team": "billing"})
    check(queue.queue_name == "orders", "create queue")
    try:
        queue.create_queue(metadata={"team": "billing"})  # the same again: Azure answers 204, the SDK raises
        check(False, "creating it again says it exists")
    except ResourceExistsError as error:
        check(error.status_code == 204, "creating it again with the same metadata is 204")
    try:
        queue.create_queue(metadata={"team": "other"})
        check(False, "create with other metadata is refused")
    except ResourceExistsError as error:
        check(error.status_code == 409 and error.error_code == "QueueAlreadyExists", "create with other metadata is 409 QueueAlreadyExists")
    service.create_queue("orders-archive")

    listed = list(service.list_queues(name_starts_with="orders", include_metadata=True))
    check([q.name for q in listed] == ["orders", "orders-archive"], "list queues with a prefix")
    check(listed[0].metadata == {"team": "billing"}, "list queues includes metadata")
    paged = list(service.list_queues(results_per_page=1))
    check([q.name for q in paged] == ["orders", "orders-archive"], "list queues page by page (markers)")

    queue.set_queue_metadata({"team": "shipping"})
    properties = queue.get_queue_properties()
    check(properties.metadata == {"team": "shipping"} and properties.approximate_message_count == 0, "set and get metadata")

    text = "hello <world> & \"friends\" \u00e9"
    sent = queue.send_message(text)
    check(bool(sent.id) and bool(sent.pop_receipt) and sent.content == text, "send a message")

    peeked = list(queue.peek_messages(max_messages=5))
    check(len(peeked) == 1 and peeked[0].content == text and peeked[0].dequeue_count == 0, "peek changes nothing")

    message = queue.receive_message(visibility_timeout=60)
    check(message is not None and message.id == sent.id and message.content == text and message.dequeue_count == 1, "receive")
    check(queue.receive_message() is None, "a received message is invisible to others")
    check(queue.get_queue_properties().approximate_message_count == 1, "the leased message still counts")

    updated = queue.update_message(message, pop_receipt=message.pop_receipt, content="changed", visibility_timeout=0)
    check(bool(updated.pop_receipt) and updated.pop_receipt != message.pop_receipt, "update gives a new pop receipt")
    try:
        queue.delete_message(message.id, message.pop_receipt)
        check(False, "the old pop receipt is refused")
    except HttpResponseError as error:
        check(error.status_code == 400 and error.error_code == "PopReceiptMismatch", "the old pop receipt is refused")

    again = queue.receive_message(visibility_timeout=30)
    check(again is not None and again.content == "changed" and again.dequeue_count == 2, "receive the updated message")
    queue.delete_message(again)
    check(queue.peek_messages() == [], "delete message")
    try:
        queue.delete_message(again)
        check(False, "deleting it again is refused")
    except ResourceNotFoundError:
        check(True, "deleting it again is MessageNotFound")

    for index in range(3):
        queue.send_message("m%d" % index)
    batch = list(queue.receive_messages(messages_per_page=3, max_messages=3, visibility_timeout=60))
    check(sorted(m.content for m in batch) == ["m0", "m1", "m2"], "receive a batch")
    queue.send_message("delayed", visibility_timeout=3600, time_to_live=-1)
    queue.clear_messages()
    check(queue.get_queue_properties().approximate_message_count == 0, "clear messages")

    try:
        list(wrong.list_queues())
        check(False, "a wrong key is refused")
    except ClientAuthenticationError as error:
        check(error.status_code == 403 and error.error_code == "AuthenticationFailed", "a wrong key is refused (403 AuthenticationFailed)")
    try:
        wrong.get_queue_client("orders").send_message("intruder")
        check(False, "a wrong key cannot send")
    except ClientAuthenticationError:
        pass
    try:
        wrong.delete_queue("orders")
    except ClientAuthenticationError:
        pass
    check(queue.peek_messages() == [] and queue.get_queue_properties() is not None, "a refused request changed nothing")

    service.delete_queue("orders-archive")
    queue.delete_queue()
    try:
        queue.get_queue_properties()
        check(False, "a deleted queue is gone")
    except ResourceNotFoundError:
        check(True, "delete queue")
    print("queue-sdk: all steps passed", flush=True)


if __name__ == "__main__":
    main()
