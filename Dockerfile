# PortWatch in a container: the Native AOT binary of `./build.sh publish` on a small base, run as a
# non-root user. The tests build and run it (tests/PortWatch.IntegrationTests/Packaging/ImageTests.cs, with local
# stand-ins for the two base images: docs/packaging.md); the publish step it runs is the one build.sh runs, and
# tests/PortWatch.IntegrationTests/Deploy checks this file.
#
#   docker build -t portwatch --build-arg REVISION=$(git rev-parse HEAD) .
#
# Run it on a host (one per host; deploy/compose/ has a demo stack, deploy/kubernetes/ the DaemonSet):
#
#   docker run -d --name portwatch --restart unless-stopped \
#     --network host --pid host --cgroupns host -v /proc:/host/proc:ro -v /sys/fs/cgroup:/host/sys/fs/cgroup:ro \
#     -v portwatch-state:/var/lib/portwatch \
#     --user 0:0 --cap-drop ALL --cap-add DAC_READ_SEARCH --cap-add SYS_PTRACE --cap-add SYS_ADMIN \
#     --security-opt apparmor=unconfined --security-opt no-new-privileges --read-only \
#     portwatch
#
# --network host: a process sees the sockets of its own network namespace only; the host's listeners are
#   those of the host's namespace. (Containers' own namespaces are then found through their processes.)
# --pid host and -v /proc:/host/proc:ro: the host's processes, to name each listener's process, systemd
#   unit, container and pod, and to find every container's network namespace. The image's default arguments
#   read /host/proc (--path.procfs=/host/proc).
# --cgroupns host and -v /sys/fs/cgroup:/host/sys/fs/cgroup:ro: the host's cgroup v2 hierarchy, at whose root
#   the eBPF tracer attaches its UDP-bind and raw-socket programs, so that they see every process of the
#   host, not only the container's. (On a cgroup v2 host Docker mounts the container's own cgroup unless
#   --cgroupns host; on a hybrid v1/v2 host it mounts no cgroup v2 at all: the bind mount brings the host's.)
#   Without them the tracer is off, or sees only the container: portwatch_tracer_info says which.
# The capabilities, and what each buys:
#   DAC_READ_SEARCH + SYS_PTRACE: read every /proc/<pid>/fd, cgroup and ns/net. Without them listeners of
#     other users' processes say process="unknown" (portwatch_processes_unreadable counts them) and only
#     the host's network namespace is scanned. SYS_PTRACE only passes the kernel's ptrace *read* check
#     that guards those files; the exporter never traces a process.
#   SYS_ADMIN: setns into each container's network namespace, to read it through netlink with its
#     socket-destroy events, so that a listener inside a container that opens and closes between two scans
#     is still reported. Without it containers are read through their /proc/<pid>/net tables and such
#     short-lived listeners inside containers are missed. Drop `--cap-add SYS_ADMIN` to forgo that.
#     SYS_ADMIN also gives the eBPF tracer (--scan.tracer) the rights it needs, which are otherwise BPF +
#     PERFMON (load its programs; the tracing one reads kernel memory) + NET_ADMIN (attach the cgroup ones):
#     it names each listener's process the moment it opens, in every network namespace, without setns.
#     Docker 23 and later take the names BPF, PERFMON and NET_ADMIN for --cap-add, in place of SYS_ADMIN
#     (the tracer then still catches containers' short-lived listeners; not run here); Docker 20.10, Debian
#     12's docker.io, refuses them ("unknown capability", moby/moby#42601), hence SYS_ADMIN in the line above.
#   --user 0:0 is needed for them: Docker puts added capabilities in the bounding set only, and a
#     non-root user gets none of them in its effective set (no ambient capabilities, moby#8460), so the
#     image's non-root user runs without any. With --cap-drop ALL this "root" holds only the capabilities above: it cannot
#     override file permissions (no DAC_OVERRIDE), change its identity (no SETUID) or write outside its
#     volume (--read-only). Without --user 0:0 and the caps, the exporter still runs and reports every
#     listener of the host's namespace, with the degradation above.
#   apparmor=unconfined: Docker's default AppArmor profile refuses a ptrace read of any process outside
#     the container, whatever the capabilities, so the names would stay "unknown" where AppArmor is on
#     (Debian, Ubuntu). SELinux hosts refuse it to container_t too: --security-opt label=disable there.
#
# Any argument replaces the default arguments below: repeat them, e.g.
#   docker run ... portwatch --path.procfs=/host/proc --state.file=/var/lib/portwatch/state.json --scan.interval=5s

# The SDK image with the Native AOT toolchain (clang, the linker and zlib1g-dev: what build.sh's
# require_native_toolchain installs) on Ubuntu 24.04, the same distribution as the runtime stage: an AOT
# binary needs a C library at least as new as the one it was linked against.
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble-aot AS build
# Set by BuildKit to the platform being built (amd64, arm64). Native AOT compiles for the machine it runs on:
# build another architecture on that architecture (or under emulation), not across.
ARG TARGETARCH
# The git commit, for `portwatch --version` and portwatch_build_info (.git is not sent to the builder).
ARG REVISION=unknown
WORKDIR /src
# The eBPF tracer's program is compiled by clang (in the image) against libbpf-dev's headers.
RUN apt-get update -q && apt-get install -y -q --no-install-recommends libbpf-dev && rm -rf /var/lib/apt/lists/*
RUN case "${TARGETARCH:-amd64}" in \
      amd64) echo linux-x64 ;; \
      arm64) echo linux-arm64 ;; \
      *) echo "portwatch: no .NET runtime identifier for TARGETARCH=${TARGETARCH}" >&2; exit 1 ;; \
    esac >/tmp/rid
# Restore in a layer of its own, kept until a project file or a package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Directory.Build.props src/
COPY src/PortWatch.Core/PortWatch.Core.csproj src/PortWatch.Core/
COPY src/PortWatch/PortWatch.csproj src/PortWatch/
RUN dotnet restore src/PortWatch/PortWatch.csproj -r "$(cat /tmp/rid)" -p:PublishAot=true
COPY src/ src/
# The runbooks the program serves at /runbooks, embedded at build time (src/PortWatch/PortWatch.csproj).
COPY docs/runbooks.md docs/
# ./build.sh publish: the same command, for this architecture, with the revision.
RUN dotnet publish src/PortWatch/PortWatch.csproj -c Release -r "$(cat /tmp/rid)" -p:PublishAot=true -p:PortWatchBpf=require \
      --no-restore -p:SourceRevisionId="${REVISION}" -o /out \
 && /out/portwatch --version

# runtime-deps: the C library and the few native libraries a self-contained .NET program may load, nothing
# else (no ICU: the program uses invariant globalization). Not the -chiseled variant: it has no shell, and
# the health check below needs bash.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble
ARG REVISION=unknown
LABEL org.opencontainers.image.title="PortWatch" \
      org.opencontainers.image.description="Prometheus exporter: every listening socket of a host with its IANA port classification" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="Apache-2.0"
# The licence and the notice travel with the binary, where Debian keeps them.
COPY LICENSE NOTICE /usr/share/doc/portwatch/
# libbpf1: the eBPF tracer's loader (libbpf.so.1); libnftables1: the firewall reader (libnftables.so.1), with which
# each listener's `reachable` is evaluated. Both are opened at run time: without one, the exporter runs with that
# feature off and says why (portwatch_tracer_info, reachable="unknown").
# apt's lists and package caches go in the same layer (Ubuntu's images keep no caches anyway; other bases may).
RUN apt-get update -q && apt-get install -y -q --no-install-recommends libbpf1 libnftables1 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
COPY --from=build /out/portwatch /usr/local/bin/portwatch
# The first-seen record's directory, owned by the image's user and group 0 and writable by both: by the
# default non-root user, and by the capability-limited root of the `docker run` line above, which holds no
# DAC_OVERRIDE. A new named volume takes this ownership and mode.
RUN install -d -o 1654 -g 0 -m 0770 /var/lib/portwatch
VOLUME /var/lib/portwatch
# The base image's unprivileged `app` user (APP_UID), by number so that Kubernetes' runAsNonRoot can check it.
USER 1654:1654
EXPOSE 10133
# Health: the runtime-deps image has no curl or wget, and the program has no client mode. bash (in the base
# image) opens a TCP connection with its /dev/tcp redirection, sends a plain HTTP/1.0 request and checks the
# status line: no package added, nothing to patch. It asks 127.0.0.1:10133, which the default
# --web.listen-address (:10133, every address) serves both with --network host and on a bridge network; if you
# listen elsewhere, replace it with `docker run --health-cmd ...` or turn it off with `--no-healthcheck`.
# /-/healthy answers as soon as the server runs; /-/ready waits for the first scan, and answers 503 again when no
# scan has succeeded for three scan intervals: the health check asks /-/healthy, so failing scans do not restart it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/10133 && printf 'GET /-/healthy HTTP/1.0\\r\\n\\r\\n' >&3 && IFS= read -r -t 4 status <&3 && [[ $status == 'HTTP/1.'?' 200 '* ]]"]
ENTRYPOINT ["/usr/local/bin/portwatch"]
CMD ["--path.procfs=/host/proc", "--state.file=/var/lib/portwatch/state.json"]
