package dev.qmpsdk.core.protocol;

import java.util.List;

/**
 * The server's first message: {@code {"QMP": {"version": {"qemu": {...}, "package": ...}, "capabilities": [...]}}}.
 *
 * @param major QEMU major version
 * @param minor QEMU minor version
 * @param micro QEMU micro version
 * @param packageVersion the distribution's package string (may be empty)
 * @param capabilities the capabilities the server offers ({@code oob})
 */
public record QmpGreeting(int major, int minor, int micro, String packageVersion, List<String> capabilities) implements QmpMessage {
    public QmpGreeting {
        capabilities = List.copyOf(capabilities);
    }

    /** True when the server offers out-of-band execution. */
    public boolean offersOob() {
        return capabilities.contains("oob");
    }

    /** True when the server is at least the given version. */
    public boolean isAtLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }

    /** The version as {@code 7.2.22}. */
    public String version() {
        return major + "." + minor + "." + micro;
    }
}
