/**
 * The QEMU guest agent (qemu-ga) client: {@link dev.qmpsdk.reactive.qga.QgaClient} over the same transport, framing
 * and codec as the QMP client, with the guest agent's own protocol (no greeting, {@code guest-sync-delimited}, one
 * command at a time, an agent that comes and goes). Nothing is null unless marked {@code @Nullable}.
 *
 * <pre>{@code
 * QgaClient agent = QgaClient.connect(QgaClientOptions.unix(Path.of("/run/vm1-qga.sock")).build()).block();
 * JsonNode info = agent.executeRaw("guest-info", null).block();
 * }</pre>
 */
@NullMarked
package dev.qmpsdk.reactive.qga;

import org.jspecify.annotations.NullMarked;
