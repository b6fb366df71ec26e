import NIOCore
import NIOHTTP1

/// NIO's `HTTPResponseDecoder` for an upstream connection whose requests are written as bytes
/// (``UpstreamRequestEncoder``). The decoder must know each request's method (the answer to
/// `HEAD` or `CONNECT` has no body whatever its `Content-Length` says), and learns it from the
/// request heads written past it; here every write is one whole request, so its method is read
/// from the bytes' start and told to the decoder as a prepared head (no head built per request).
struct UpstreamResponseDecoder: WriteObservingByteToMessageDecoder {
    typealias InboundOut = HTTPClientResponsePart
    typealias OutboundIn = ByteBuffer

    private let decoder: HTTPResponseDecoder

    init(limits: NIOHTTPDecoderLimitConfiguration = .init()) {
        decoder = HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes, informationalResponseStrategy: .drop, limitConfiguration: limits)
    }

    /// What the decoder needs of a request: its method alone.
    private static let headRequest = HTTPRequestHead(version: .http1_1, method: .HEAD, uri: "")
    private static let connectRequest = HTTPRequestHead(version: .http1_1, method: .CONNECT, uri: "")
    private static let otherRequest = HTTPRequestHead(version: .http1_1, method: .GET, uri: "")

    /// The request whose bytes are `request`, as far as the decoder cares.
    static func method(of request: ByteBuffer) -> HTTPRequestHead {
        let start = request.readableBytesView
        if start.starts(with: "HEAD ".utf8) { return headRequest }
        if start.starts(with: "CONNECT ".utf8) { return connectRequest }
        return otherRequest
    }

    func write(data: ByteBuffer) {
        decoder.write(data: .head(Self.method(of: data)))
    }

    func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        try decoder.decode(context: context, buffer: &buffer)
    }

    func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decoder.decodeLast(context: context, buffer: &buffer, seenEOF: seenEOF)
    }

    func decoderAdded(context: ChannelHandlerContext) {
        decoder.decoderAdded(context: context)
    }

    func decoderRemoved(context: ChannelHandlerContext) {
        decoder.decoderRemoved(context: context)
    }
}
