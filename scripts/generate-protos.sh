#!/usr/bin/env bash
# Regenerates the committed Swift code for Protos/FunctionRpc.proto. Run by hand after editing the
# proto, never in CI. Needs protoc (apt-get install protobuf-compiler) and the two plugins, built
# once from grpc-swift-protobuf 2.4.1 (which also builds swift-protobuf's protoc-gen-swift):
#   git clone --branch 2.4.1 https://github.com/grpc/grpc-swift-protobuf /tmp/gsp
#   (cd /tmp/gsp && swift build --product protoc-gen-swift && swift build --product protoc-gen-grpc-swift-2)
#   PLUGINS=/tmp/gsp/.build/debug scripts/generate-protos.sh
set -euo pipefail
cd "$(dirname "$0")/.."
plugins="${PLUGINS:?set PLUGINS to the directory holding protoc-gen-swift and protoc-gen-grpc-swift-2}"
out=Sources/HearthWorker/Rpc/Generated
mkdir -p "$out"
protoc --proto_path=Protos \
  --plugin=protoc-gen-swift="$plugins/protoc-gen-swift" \
  --plugin=protoc-gen-grpc-swift="$plugins/protoc-gen-grpc-swift-2" \
  --swift_out="$out" --swift_opt=Visibility=Internal \
  --grpc-swift_out="$out" --grpc-swift_opt=Visibility=Internal,Client=false,Server=true \
  FunctionRpc.proto
echo "generated: $(ls "$out")"
