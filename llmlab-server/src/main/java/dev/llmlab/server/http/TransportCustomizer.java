package dev.llmlab.server.http;

import dev.llmlab.server.ServerConfig;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;

/**
 * Puts a {@link TransportGuard} on every HTTP/1.1 connection of the server, right after netty's
 * HTTP codec, with the timeouts and limits of the {@link ServerConfig}.
 */
@Singleton
final class TransportCustomizer implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private final ServerConfig config;

    TransportCustomizer(ServerConfig config) {
        this.config = config;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        NettyServerCustomizer.Registry registry = event.getBean();
        registry.register(new Root());
        return registry;
    }

    /** The server-wide customizer: specializes into one per connection. */
    private final class Root implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Connection(channel) : this;
        }
    }

    /** One connection's customizer. */
    private final class Connection implements NettyServerCustomizer {
        private final Channel channel;

        Connection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void onStreamPipelineBuilt() {
            ChannelPipeline pipeline = channel.pipeline();
            // HTTP/1.1 only (the server does not enable HTTP/2); nothing to guard without the codec
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
                    && pipeline.get(TransportGuard.NAME) == null) {
                pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, TransportGuard.NAME,
                        new TransportGuard(config.headerTimeout(), config.readTimeout(),
                                ServerConfig.MAX_REQUEST_LINE_BYTES, ServerConfig.MAX_HEADER_BYTES));
            }
        }
    }
}
