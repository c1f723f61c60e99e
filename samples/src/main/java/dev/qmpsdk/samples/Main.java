package dev.qmpsdk.samples;

import java.util.Arrays;

/** {@code java -jar qmp-samples.jar [demo [--vms N] [--seconds S] [--simulated] | tour]}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String command = args.length == 0 ? "demo" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "demo" -> System.exit(LiveDemo.run(rest, System.out, System.err));
            case "tour" -> CodecDemo.main(rest);
            default -> {
                System.err.println("unknown command '" + command + "'; use: demo [--vms N] [--seconds S] [--simulated] | tour");
                System.exit(2);
            }
        }
    }
}
