package dev.qmpsdk.benchmarks;

import dev.qmpsdk.benchmarks.fake.FrameScanner;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's thread model and nothing else: a Netty epoll channel on an event loop of its own, and a caller that writes
 * a request ({@code writeAndFlush} from its own thread: a task for the loop) and waits on a latch that the loop counts
 * down when the reply's last byte arrives. No codec, ids, pending map or Reactor: a sequential {@code block()} caller
 * of the SDK pays the same two thread hand-offs, so the difference between the two is what the SDK's own code costs
 * (scenario 6).
 *
 * <pre>{@code
 * try (BareNettyClient c = BareNettyClient.connect(socket)) {
 *     c.queryStatus();   // returns once the reply has been read
 * }
 * }</pre>
 */
final class BareNettyClient implements AutoCloseable {
    static final String LOOP_THREAD = "bare-netty-loop";
    private static final long WAIT_SECONDS = 30;

    private final EpollEventLoopGroup loop = new EpollEventLoopGroup(1, new DefaultThreadFactory(LOOP_THREAD, true));
    private final FrameScanner scanner = new FrameScanner();
    /** Counted down by the loop at the end of each whole message; replaced by the caller before each request. */
    private volatile CountDownLatch nextMessage = new CountDownLatch(1);
    /** The greeting's text (to see whether QEMU offers OOB). */
    private volatile String greeting = "";
    /** The message being read during the handshake; only the loop uses it. */
    private final StringBuilder message = new StringBuilder();
    /** Until the reply to {@code qmp_capabilities}; only the loop reads and writes it. */
    private boolean handshaking = true;
    private @Nullable Channel channel;
    private long id;

    private BareNettyClient() {}

    /** Connects, reads the greeting and negotiates capabilities as the SDK does (OOB when offered). */
    static BareNettyClient connect(Path socket) throws IOException {
        BareNettyClient c = new BareNettyClient();
        try {
            c.channel = new Bootstrap().group(c.loop).channel(EpollDomainSocketChannel.class).handler(c.new Reader())
                    .connect(new DomainSocketAddress(socket.toString())).sync().channel();
            c.awaitMessage();
            boolean oob = c.greeting.contains("\"oob\"");
            c.call(oob ? "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}, \"id\": 0}"
                    : "{\"execute\": \"qmp_capabilities\", \"id\": 0}");
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new IOException("interrupted while connecting to " + socket, e);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** On the loop: scans what arrives and counts the latch down at the end of each whole message. */
    private final class Reader extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            try {
                while (bytes.isReadable()) {
                    byte b = bytes.readByte();
                    if (handshaking) {
                        message.append((char) b);
                    }
                    if (scanner.feed(b)) {
                        if (handshaking && !handshakeMessage()) {
                            continue;
                        }
                        nextMessage.countDown();
                    }
                }
            } finally {
                bytes.release();
            }
        }
    }

    /**
     * At the end of a message during the handshake: false for an event, which is skipped (a client that connects while
     * QEMU 7.2 is still starting the VM can get its {@code RESUME} around the greeting); the greeting is kept, and the
     * reply to {@code qmp_capabilities} ends the handshake.
     */
    private boolean handshakeMessage() {
        String text = message.toString();
        message.setLength(0);
        if (RawQmpClient.isEvent(text)) {
            return false;
        }
        if (text.contains("\"QMP\"")) {
            greeting = text;
        } else {
            handshaking = false;
        }
        return true;
    }

    /** One {@code query-status}, returning once its reply has been read. */
    void queryStatus() throws IOException {
        call("{\"execute\":\"query-status\",\"id\":" + (++id) + "}");
    }

    private void call(String request) throws IOException {
        nextMessage = new CountDownLatch(1);
        Objects.requireNonNull(channel).writeAndFlush(Unpooled.wrappedBuffer(request.getBytes(StandardCharsets.US_ASCII)));
        awaitMessage();
    }

    private void awaitMessage() throws IOException {
        try {
            if (!nextMessage.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("no reply within " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a reply", e);
        }
    }

    @Override
    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
