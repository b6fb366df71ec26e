"""Azure's official queue client (PyPI azure-storage-queue) against Hearth's queue endpoint, unchanged.

Run by Tests/EndToEndTests/QueueSDKTests.swift with the venv of scripts/queue-sdk-venv.sh.
Environment: HEARTH_QUEUE_CONNECTION_STRING (a queue account's connection string) and
HEARTH_QUEUE_WRONG_CONNECTION_STRING (the same with another key). Prints one "ok: …" line per step;
exits non-zero at the first failed step.

Besides the account key: account and queue shared access signatures made by the SDK itself
(generate_account_sas, generate_queue_sas) and one made the way version 2017-11-09 clients made
them; tampered, expired and too narrow signatures refused with nothing changed; an older service
version (api_version=); base64 message encoding; and a request dated outside the 15-minute window.
"""

import base64
import hashlib
import hmac
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from email.utils import formatdate

from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.storage.queue import (
    AccountSasPermissions,
    QueueClient,
    QueueSasPermissions,
    QueueServiceClient,
    ResourceTypes,
    TextBase64DecodePolicy,
    TextBase64EncodePolicy,
    generate_account_sas,
    generate_queue_sas,
)


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
    settings = dict(part.split("=", 1) for part in os.environ["HEARTH_QUEUE_CONNECTION_STRING"].split(";") if part)
    sas_steps(service, settings["QueueEndpoint"].rstrip("/"), settings["AccountName"], settings["AccountKey"])
    version_and_encoding_steps(os.environ["HEARTH_QUEUE_CONNECTION_STRING"])
    skew_steps(settings["QueueEndpoint"].rstrip("/"), settings["AccountName"], settings["AccountKey"])
    print("queue-sdk: all steps passed", flush=True)


def refused(action, code):
    """Whether `action` is refused with 403 and the error code `code`."""
    try:
        action()
        return False
    except HttpResponseError as error:
        return error.status_code == 403 and error.error_code == code


def sas_steps(service, endpoint, account, key):
    now = datetime.now(timezone.utc)
    everything = AccountSasPermissions(read=True, write=True, delete=True, list=True, add=True, create=True, update=True, process=True)
    resources = ResourceTypes(service=True, container=True, object=True)
    account_sas = generate_account_sas(account, key, resources, everything, expiry=now + timedelta(hours=1), start=now - timedelta(minutes=5))
    by_account = QueueServiceClient(endpoint, credential=account_sas)
    queue = by_account.create_queue("sas-orders")
    check([q.name for q in by_account.list_queues(name_starts_with="sas-")] == ["sas-orders"], "account SAS: create and list queues")
    sent = queue.send_message("by account SAS")
    check([m.content for m in queue.peek_messages()] == ["by account SAS"], "account SAS: send and peek")
    message = queue.receive_message(visibility_timeout=60)
    check(message is not None and message.id == sent.id, "account SAS: receive")
    updated = queue.update_message(message, pop_receipt=message.pop_receipt, content="changed", visibility_timeout=0)
    again = queue.receive_message(visibility_timeout=60)
    check(bool(updated.pop_receipt) and again is not None and again.content == "changed", "account SAS: update")
    queue.delete_message(again)
    check(queue.peek_messages() == [], "account SAS: delete message")
    queue.send_message("to clear")
    queue.clear_messages()
    check(queue.get_queue_properties().approximate_message_count == 0, "account SAS: clear")

    queue_sas = generate_queue_sas(
        account, "sas-orders", key, QueueSasPermissions(read=True, add=True, update=True, process=True), expiry=now + timedelta(hours=1)
    )
    by_queue = QueueClient(endpoint, "sas-orders", credential=queue_sas)
    sent = by_queue.send_message("by queue SAS")
    check([m.content for m in by_queue.peek_messages()] == ["by queue SAS"], "queue SAS: send and peek")
    message = by_queue.receive_message(visibility_timeout=60)
    check(message is not None and message.id == sent.id and message.dequeue_count == 1, "queue SAS: receive")
    by_queue.update_message(message, pop_receipt=message.pop_receipt, content="changed", visibility_timeout=0)
    again = by_queue.receive_message(visibility_timeout=60)
    check(again is not None and again.content == "changed", "queue SAS: update")
    by_queue.delete_message(again)
    check(by_queue.peek_messages() == [], "queue SAS: delete message")
    by_queue.send_message("to clear")
    by_queue.clear_messages()
    check(by_queue.peek_messages() == [], "queue SAS: clear")
    check(refused(lambda: QueueClient(endpoint, "orders-other", credential=queue_sas).send_message("x"), "AuthenticationFailed"),
          "a queue SAS does not open another queue")

    keyed = service.get_queue_client("sas-orders")
    keyed.send_message("kept")
    def unchanged():
        return [m.content for m in keyed.peek_messages(max_messages=32)] == ["kept"]

    add_only = generate_queue_sas(account, "sas-orders", key, QueueSasPermissions(add=True), expiry=now + timedelta(hours=1))
    tampered = add_only.replace("sp=a&", "sp=raup&")
    check("sp=raup&" in tampered, "tamper with a SAS's permissions")
    check(refused(lambda: QueueClient(endpoint, "sas-orders", credential=tampered).receive_message(), "AuthenticationFailed")
          and refused(lambda: QueueClient(endpoint, "sas-orders", credential=tampered).clear_messages(), "AuthenticationFailed")
          and unchanged(), "a tampered SAS is refused (403 AuthenticationFailed), nothing changed")
    expired = generate_queue_sas(account, "sas-orders", key, QueueSasPermissions(read=True, add=True, update=True, process=True),
                                 start=now - timedelta(hours=2), expiry=now - timedelta(minutes=1))
    check(refused(lambda: QueueClient(endpoint, "sas-orders", credential=expired).send_message("late"), "AuthenticationFailed")
          and refused(lambda: QueueClient(endpoint, "sas-orders", credential=expired).clear_messages(), "AuthenticationFailed")
          and unchanged(), "an expired SAS is refused (403 AuthenticationFailed), nothing changed")
    narrow = QueueClient(endpoint, "sas-orders", credential=add_only)
    check(refused(lambda: narrow.receive_message(), "AuthorizationPermissionMismatch")
          and refused(lambda: narrow.clear_messages(), "AuthorizationPermissionMismatch")
          and refused(lambda: narrow.peek_messages(), "AuthorizationPermissionMismatch")
          and unchanged(), "a SAS lacking the permission is refused (403 AuthorizationPermissionMismatch), nothing changed")
    narrow.send_message("added")
    check([m.content for m in keyed.peek_messages(max_messages=32)] == ["kept", "added"], "an add-only SAS adds")
    no_delete = generate_account_sas(account, key, resources, AccountSasPermissions(read=True, list=True), expiry=now + timedelta(hours=1))
    check(refused(lambda: QueueServiceClient(endpoint, credential=no_delete).delete_queue("sas-orders"), "AuthorizationPermissionMismatch")
          and keyed.get_queue_properties().approximate_message_count == 2,
          "an account SAS without delete cannot delete a queue, nothing changed")

    # An account SAS as version 2017-11-09 clients signed it (no encryption scope line).
    expiry = (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = "\n".join([account, "rl", "q", "sco", "", expiry, "", "", "2017-11-09"]) + "\n"
    signature = base64.b64encode(hmac.new(base64.b64decode(key), text.encode(), hashlib.sha256).digest()).decode()
    old_sas = urllib.parse.urlencode({"sv": "2017-11-09", "ss": "q", "srt": "sco", "sp": "rl", "se": expiry, "sig": signature})
    check([q.name for q in QueueServiceClient(endpoint, credential=old_sas).list_queues(name_starts_with="sas-")] == ["sas-orders"],
          "an account SAS of version 2017-11-09 lists queues")
    service.delete_queue("sas-orders")


def version_and_encoding_steps(connection_string):
    old = QueueServiceClient.from_connection_string(connection_string, api_version="2019-02-02")
    queue = old.create_queue("old-version")
    queue.send_message("at 2019-02-02")
    message = queue.receive_message()
    check(message is not None and message.content == "at 2019-02-02", "the SDK at service version 2019-02-02")
    queue.delete_message(message)

    encoded = QueueClient.from_connection_string(
        connection_string, "old-version",
        message_encode_policy=TextBase64EncodePolicy(), message_decode_policy=TextBase64DecodePolicy(),
    )
    text = "h\u00e9llo <base64>"
    encoded.send_message(text)
    raw = QueueClient.from_connection_string(connection_string, "old-version").peek_messages()
    check([m.content for m in raw] == [base64.b64encode(text.encode()).decode()], "base64 encoding stores base64 text")
    check([m.content for m in encoded.receive_messages()] == [text], "base64 decoding gives the text back")
    old.delete_queue("old-version")


def skew_steps(endpoint, account, key):
    """Shared Key requests signed by hand: one dated now is served, one dated 20 minutes ago is refused."""
    def list_queues(date):
        path = urllib.parse.urlparse(endpoint).path
        text = "GET\n" + "\n" * 11 + f"x-ms-date:{date}\nx-ms-version:2021-02-12\n/{account}{path}\ncomp:list"
        signature = base64.b64encode(hmac.new(base64.b64decode(key), text.encode(), hashlib.sha256).digest()).decode()
        request = urllib.request.Request(endpoint + "?comp=list", headers={
            "x-ms-date": date, "x-ms-version": "2021-02-12", "Authorization": f"SharedKey {account}:{signature}"})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, ""
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("x-ms-error-code", "")
    now = datetime.now(timezone.utc).timestamp()
    check(list_queues(formatdate(now, usegmt=True)) == (200, ""), "a request signed by hand and dated now is served")
    check(list_queues(formatdate(now - 20 * 60, usegmt=True)) == (403, "AuthenticationFailed"),
          "a request dated 20 minutes ago is refused (403 AuthenticationFailed)")


if __name__ == "__main__":
    main()
