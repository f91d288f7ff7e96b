# PortWatch in a container. Not built in this repository's CI (no Docker engine there): `./build.sh publish`
# is the same publish step and is tested.
#
#   docker build -t portwatch --build-arg REVISION=$(git rev-parse HEAD) .
#   docker run -d --name portwatch --network host --pid host \
#     --cap-drop ALL --cap-add DAC_READ_SEARCH --cap-add SYS_PTRACE \
#     -v portwatch-state:/var/lib/portwatch portwatch
#
# --network host: the kernel's socket tables under /proc/net are those of the reader's network namespace, so
#   the container must share the host's to see the host's listeners.
# --pid host: /proc then lists the host's processes, which is what attributes a listener to its process.
# DAC_READ_SEARCH and SYS_PTRACE: enough to read every /proc/<pid>/fd without being fully root; without them
#   listeners say process="unknown" and portwatch_processes_unreadable says how many processes were unreadable.
# Mounting the host's /proc elsewhere (-v /proc:/host/proc:ro) and passing --path.procfs=/host/proc also
# works with --pid host.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG REVISION=unknown
WORKDIR /src
COPY . .
RUN dotnet publish src/PortWatch/PortWatch.csproj -c Release -r linux-x64 --self-contained \
      -p:PublishTrimmed=true -p:PublishReadyToRun=true -p:PublishSingleFile=true \
      -p:SourceRevisionId=${REVISION} -o /out \
 && /out/portwatch --version

# runtime-deps: the native libraries a self-contained .NET binary needs, nothing else (no ICU: the program
# uses invariant globalization).
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
COPY --from=build /out/portwatch /usr/local/bin/portwatch
VOLUME /var/lib/portwatch
EXPOSE 10133
ENTRYPOINT ["/usr/local/bin/portwatch"]
CMD ["--state.file=/var/lib/portwatch/state.json"]
