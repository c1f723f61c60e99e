package dev.qmpsdk.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpOobUnavailableException;
import dev.qmpsdk.core.QmpTransportUnavailableException;
import dev.qmpsdk.kafka.testing.InProcessKafka;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.RawEvent;
import dev.qmpsdk.core.qapi.runstate.ResetEvent;
import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.core.qapi.runstate.StopEvent;
import dev.qmpsdk.reactive.FdSource;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.VmEvent;
import dev.qmpsdk.testkit.SimulatedVm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Two host agents with simulated VMs and a controller, all through one real in-process Kafka broker: the typed API of
 * a local fleet VM works on a remote one, events arrive typed and with QEMU's data as sent, refusals say why.
 */
class RemoteFleetTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static InProcessKafka broker;
    private static HostAgent hostA;
    private static HostAgent hostB;
    private static RemoteFleet remote;
    private static final List<SimulatedVm> vms = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        broker = InProcessKafka.start();
        KafkaTopics topics = KafkaTopics.withPrefix("remote-fleet-test.");
        hostA = HostAgent.start(HostAgentOptions.builder(broker.bootstrap(), "host-a").topics(topics).build()).block(WAIT);
        hostB = HostAgent.start(HostAgentOptions.builder(broker.bootstrap(), "host-b").topics(topics).build()).block(WAIT);
        for (HostAgent agent : List.of(hostA, hostB)) {
            for (String name : List.of("vm-1", "vm-2")) {
                SimulatedVm vm = SimulatedVm.start(agent.host() + "-" + name);
                vms.add(vm);
                agent.add(name, QmpClientOptions.unix(vm.socketPath()).build()).block(WAIT);
            }
        }
        remote = RemoteFleet.connect(RemoteFleetOptions.builder(broker.bootstrap()).topics(topics).commandTimeout(WAIT).build()).block(WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (remote != null) {
            remote.close().block(WAIT);
        }
        for (HostAgent agent : new HostAgent[] {hostA, hostB}) {
            if (agent != null) {
                agent.close().block(WAIT);
            }
        }
        vms.forEach(SimulatedVm::close);
        if (broker != null) {
            broker.close();
        }
    }

    private static SimulatedVm simulated(String name) {
        return vms.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void typedCommandsReachTheRightVmOfTheRightHost() {
        StatusInfo before = remote.vm("host-b/vm-2").queryStatus().block(WAIT);
        assertEquals(RunState.Known.RUNNING, before.status().known());

        remote.vm("host-b/vm-2").stop().block(WAIT);

        assertEquals(RunState.Known.PAUSED, remote.vm("host-b/vm-2").queryStatus().block(WAIT).status().known());
        assertEquals("paused", simulated("host-b-vm-2").status());
        assertEquals("running", simulated("host-a-vm-2").status(), "the same VM id on the other host is untouched");
        assertEquals("running", simulated("host-b-vm-1").status());
        remote.vm("host-b/vm-2").cont().block(WAIT);
    }

    @Test
    void qemuErrorsArriveTyped() {
        remote.vm("host-a/vm-2").systemPowerdown().block(WAIT);
        QmpCommandException e = assertThrows(QmpCommandException.class, () -> remote.vm("host-a/vm-2").cont().block(WAIT));
        assertEquals("GenericError", e.errorClass());
        assertEquals("cont", e.command());
        remote.vm("host-a/vm-2").systemReset().block(WAIT);
    }

    @Test
    void rawCommandsReturnQemuJson() {
        JsonNode name = remote.vm("host-a/vm-1").executeRaw("query-name", null).block(WAIT);
        assertEquals("host-a-vm-1", name.path("name").asText());
    }

    @Test
    void anUnknownVmIsNotExecuted() {
        QmpNotExecutedException e = assertThrows(QmpNotExecutedException.class, () -> remote.vm("host-a/vm-9").queryStatus().block(WAIT));
        assertEquals(QmpNotExecutedException.Reason.UNKNOWN_VM, e.reason());
        assertTrue(e.getMessage().contains("host 'host-a' has no VM 'vm-9'"), e.getMessage());
    }

    @Test
    void descriptorsAndOutOfBandCommandsAreRefusedUnsentNamingTheRemoteVm() {
        RemoteVm vm = remote.vm("host-a/vm-1");
        long sentBefore = vm.stats().commandsSent();
        QmpTransportUnavailableException fd = assertThrows(QmpTransportUnavailableException.class,
                () -> vm.passFd("mig", FdSource.borrow(java.io.FileDescriptor.in)).block(WAIT));
        assertTrue(fd.getMessage().contains("remote VM host-a/vm-1") && fd.getMessage().contains("not through Kafka"), fd.getMessage());
        QmpOobUnavailableException oob = assertThrows(QmpOobUnavailableException.class,
                () -> vm.executeRawOob("yank", null).block(WAIT));
        assertTrue(oob.getMessage().contains("'yank'") && oob.getMessage().contains("remote VM host-a/vm-1"), oob.getMessage());
        assertEquals(sentBefore, vm.stats().commandsSent());   // nothing went to Kafka
    }

    @Test
    void aRequestWhoseDeadlinePassedIsNotExecuted() {
        simulated("host-a-vm-1").server().clearReceived();
        CommandReply reply = remote.send("host-a", "vm-1", "stop", null, Instant.now().minusSeconds(1), WAIT).block(WAIT);

        assertEquals(CommandReply.Outcome.NOT_EXECUTED, reply.outcome());
        assertEquals(QmpNotExecutedException.Reason.DEADLINE_PASSED, reply.reason());
        assertEquals("running", simulated("host-a-vm-1").status());
        assertTrue(simulated("host-a-vm-1").server().received().stream().noneMatch(r -> r.command().equals("stop")));
    }

    @Test
    void vmsAddedAndRemovedAtRunTime() throws Exception {
        try (SimulatedVm late = SimulatedVm.start("late")) {
            hostB.add("vm-late", QmpClientOptions.unix(late.socketPath()).build()).block(WAIT);
            assertEquals("late", remote.vm("host-b/vm-late").queryName().block(WAIT).name());
            hostB.remove("vm-late").block(WAIT);
            QmpNotExecutedException e = assertThrows(QmpNotExecutedException.class, () -> remote.vm("host-b/vm-late").queryName().block(WAIT));
            assertEquals(QmpNotExecutedException.Reason.UNKNOWN_VM, e.reason());
        }
    }

    @Test
    void eventsArriveTypedKeyedByVmAndWithQemuDataAsSent() {
        List<VmEvent<QmpEvent>> seen = new CopyOnWriteArrayList<>();
        Disposable subscription = remote.replayEvents().filter(e -> e.vmId().startsWith("host-a/vm-1") || e.vmId().equals("host-b/vm-1"))
                .subscribe(seen::add);
        try {
            simulated("host-a-vm-1").server().sendEvent("RESET", "{\"guest\": false, \"reason\": \"host-qmp-system-reset\", \"from-a-newer-qemu\": [1, {\"x\": null}]}");
            simulated("host-a-vm-1").server().sendEvent("SOMETHING_NEW", "{\"n\": 12345678901234, \"s\": \"\\u00e9\"}");
            remote.vm("host-b/vm-1").stop().block(WAIT);
            remote.vm("host-b/vm-1").cont().block(WAIT);

            awaitTrue(() -> seen.stream().anyMatch(e -> e.event().eventName().equals("SOMETHING_NEW"))
                    && seen.stream().anyMatch(e -> e.vmId().equals("host-b/vm-1") && e.event().eventName().equals("RESUME")));
        } finally {
            subscription.dispose();
        }
        VmEvent<QmpEvent> reset = seen.stream().filter(e -> e.event() instanceof ResetEvent).findFirst().orElseThrow();
        assertEquals("host-a/vm-1", reset.vmId());
        assertEquals(false, ((ResetEvent) reset.event()).guest());
        RawEvent unknown = assertInstanceOf(RawEvent.class,
                seen.stream().filter(e -> e.event().eventName().equals("SOMETHING_NEW")).findFirst().orElseThrow().event());
        assertEquals(QapiJson.TREE_MAPPER.createObjectNode().put("n", 12345678901234L).put("s", "\u00e9"), unknown.data());
        assertTrue(seen.stream().anyMatch(e -> e.vmId().equals("host-b/vm-1") && e.event() instanceof StopEvent));
        List<String> hostB1 = seen.stream().filter(e -> e.vmId().equals("host-b/vm-1")).map(e -> e.event().eventName()).toList();
        assertEquals(List.of("STOP", "RESUME"), hostB1.subList(hostB1.size() - 2, hostB1.size()), "one VM's events stay in order");
    }

    @Test
    void eventRecordsCarryTheDataExactlyAsQemuSentIt() {
        List<EventRecord> records = new CopyOnWriteArrayList<>();
        Disposable subscription = new dev.qmpsdk.kafka.internal.PausingRecordFlux<>(
                KafkaSettings.groupless(broker.bootstrap(), "raw-reader", 100), "remote-fleet-test.qmp.events", true, 1000,
                r -> EventRecord.fromJson(r.value(), "test")).subscribe(records::add);
        try {
            simulated("host-b-vm-2").server().sendEvent("RESET", "{\"guest\": true, \"reason\": \"guest-reset\", \"extra\": {\"deep\": [true, 1.5]}}");
            awaitTrue(() -> records.stream().anyMatch(r -> r.vmId().equals("vm-2") && r.host().equals("host-b") && r.event().equals("RESET")));
        } finally {
            subscription.dispose();
        }
        EventRecord reset = records.stream().filter(r -> r.host().equals("host-b") && r.event().equals("RESET")).findFirst().orElseThrow();
        assertEquals("{\"guest\":true,\"reason\":\"guest-reset\",\"extra\":{\"deep\":[true,1.5]}}", reset.data().toString());
        assertEquals("host-b/vm-2", reset.remoteVmId());
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
