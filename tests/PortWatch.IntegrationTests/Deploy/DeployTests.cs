using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace PortWatch.IntegrationTests.Deploy;

/// <summary>
/// The deploy files (deploy/README.md), each checked by the real tool where one exists here: the systemd unit by
/// systemd-analyze (deploy/systemd/verify.sh), the Kubernetes manifests against the Kubernetes and Prometheus Operator
/// schemas (deploy/kubernetes/validate, npm), the compose demo's Prometheus and Alertmanager configs by promtool and
/// amtool and the compose file against the Compose Specification's schema, the Dockerfile by dockerfile-utils and its
/// health check against a running exporter. The image itself is built and run by Packaging/ImageTests.
/// The files are also held to each other: the same capabilities and flags everywhere, as the docs name them.
/// </summary>
public sealed partial class DeployTests
{
    private const string StateFlag = "--state.file=/var/lib/portwatch/state.json";
    private const string ContainerProcFlag = "--path.procfs=/host/proc";

    private static readonly string Kubernetes = RepositoryPaths.InRoot("deploy", "kubernetes");
    private static readonly string Validate = RepositoryPaths.InRoot("deploy", "kubernetes", "validate");
    private static readonly string Compose = RepositoryPaths.InRoot("deploy", "compose");
    private static readonly string Unit = RepositoryPaths.InRoot("deploy", "systemd", "portwatch.service");
    private static readonly SemaphoreSlim NodeModules = new(1, 1);

    // What deploy/README.md says each setting grants: the two attribution capabilities everywhere, CAP_SYS_ADMIN where
    // containers run (the DaemonSet, docker run, the compose demo) and as a commented option in the systemd unit, and
    // the tracer's three where they can be named: the unit and the DaemonSet (Docker 20.10 refuses BPF and PERFMON;
    // SYS_ADMIN grants the tracer the same rights).
    private static readonly string[] ContainerCapabilities = ["DAC_READ_SEARCH", "SYS_ADMIN", "SYS_PTRACE"];
    private static readonly string[] TracerCapabilities = ["BPF", "PERFMON", "NET_ADMIN"];
    private static readonly string[] PodCapabilities = [.. ContainerCapabilities, .. TracerCapabilities];
    private static readonly string[] UnitCapabilities = ["CAP_DAC_READ_SEARCH", "CAP_SYS_PTRACE", .. TracerCapabilities.Select(c => "CAP_" + c)];

    [Fact]
    public async Task SystemdUnit_VerifyScript_Passes()
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("bash", [RepositoryPaths.InRoot("deploy", "systemd", "verify.sh")]);

        exitCode.ShouldBe(0, stdout + stderr);
        stderr.ShouldBeEmpty();
        stdout.ShouldContain("systemd-analyze verify: portwatch.service: OK");
        stdout.ShouldContain("Overall exposure level for portwatch.service");
    }

    [Theory]
    [InlineData("NoNewPrivileges=yes", "NoNewPrivileges=yes\nProtectSytem=strict", "Unknown key")]
    [InlineData("ProtectSystem=strict", "ProtectSystem=stricter", "stricter")]
    [InlineData("CapabilityBoundingSet=CAP_DAC_READ_SEARCH CAP_SYS_PTRACE CAP_BPF CAP_PERFMON CAP_NET_ADMIN\n", "", "exposure above")]
    public async Task SystemdUnit_VerifyScript_RejectsABrokenUnit(string find, string replacement, string expected)
    {
        var directory = Directory.CreateTempSubdirectory("portwatch-unit-");
        try
        {
            var text = await File.ReadAllTextAsync(Unit);
            text.ShouldContain(find);
            var broken = Path.Combine(directory.FullName, "portwatch.service");
            await File.WriteAllTextAsync(broken, text.Replace(find, replacement, StringComparison.Ordinal));

            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("bash", [RepositoryPaths.InRoot("deploy", "systemd", "verify.sh"), broken]);

            exitCode.ShouldNotBe(0, stdout + stderr);
            stderr.ShouldContain(expected, customMessage: stdout + stderr);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void SystemdUnit_IsHardened_AndGrantsExactlyTheAttributionAndTracerCapabilities()
    {
        var service = UnitSection(File.ReadAllLines(Unit), "Service");

        Words(service, "AmbientCapabilities").ShouldBe(UnitCapabilities, ignoreOrder: true);
        Words(service, "CapabilityBoundingSet").ShouldBe(UnitCapabilities, ignoreOrder: true);
        // @privileged holds bpf(2), the tracer's one call outside @system-service: allowed again after the removal.
        service["SystemCallFilter"].ShouldBe(["@system-service", "~@privileged @resources", "bpf"], ignoreOrder: false);
        Words(service, "RestrictAddressFamilies").ShouldBe(["AF_INET", "AF_INET6", "AF_NETLINK", "AF_UNIX"], ignoreOrder: true);
        foreach (var (key, value) in new[]
                 {
                     ("DynamicUser", "yes"), ("StateDirectory", "portwatch"), ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"),
                     ("ProtectHome", "yes"), ("PrivateTmp", "yes"), ("Restart", "on-failure"), ("SystemCallArchitectures", "native"),
                 })
        {
            service.ShouldContainKey(key);
            service[key].ShouldHaveSingleItem().ShouldBe(value, key);
        }

        // Each of these would hide the host's processes or sockets from the exporter.
        foreach (var key in new[] { "ProtectProc", "ProcSubset", "PrivateNetwork", "PrivateUsers", "PrivatePIDs" })
        {
            service.ShouldNotContainKey(key);
        }

        var execStart = service["ExecStart"].ShouldHaveSingleItem().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        execStart[0].ShouldBe("/usr/local/bin/portwatch");
        execStart.ShouldContain("--web.listen-address=:10133");
        execStart.ShouldContain("--path.procfs=/proc");
        execStart.ShouldContain(StateFlag);
        // CAP_SYS_ADMIN is offered, commented, with its trade-off.
        File.ReadAllText(Unit).ShouldContain("#         AmbientCapabilities=CAP_SYS_ADMIN");
    }

    [Fact]
    public async Task KubernetesManifests_ValidateAgainstTheKubernetesAndPrometheusOperatorSchemas()
    {
        await EnsureNodeModulesAsync();

        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("node", [Path.Combine(Validate, "validate.mjs")]);

        exitCode.ShouldBe(0, stdout + stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var manifests = Directory.GetFiles(Kubernetes, "*.yaml").Select(f => Path.GetFileName(f)).Where(f => f != "kustomization.yaml").ToList();
        manifests.ShouldContain("daemonset.yaml");
        manifests.ShouldContain("servicemonitor.yaml");
        manifests.ShouldContain("prometheusrule.yaml");
        var total = 0;
        foreach (var file in manifests)
        {
            var kinds = Documents(Path.Combine(Kubernetes, file)).Select(d => Scalar(d, "kind")).ToList();
            kinds.ShouldNotBeEmpty(customMessage: file);
            var listed = lines.Where(l => l.StartsWith($"{file}: ", StringComparison.Ordinal) && l.EndsWith(": valid", StringComparison.Ordinal)).ToList();
            listed.Count.ShouldBe(kinds.Count, $"{file}: every object validated, one line each:\n{stdout}");
            foreach (var kind in kinds)
            {
                listed.ShouldContain(l => l.Contains(" " + kind + " ", StringComparison.Ordinal), customMessage: $"{file}: {kind}");
            }

            total += kinds.Count;
        }

        lines.ShouldContain("kustomization.yaml: Kustomization: lists all " + manifests.Count.ToString(CultureInfo.InvariantCulture) + " manifests");
        lines[^1].ShouldBe($"{total.ToString(CultureInfo.InvariantCulture)} objects in {(manifests.Count + 1).ToString(CultureInfo.InvariantCulture)} files: valid");
    }

    [Theory]
    [InlineData("containerPort: 10133", "containerPort: abc", "containerPort must be integer")]
    [InlineData("hostPID: true", "hostPid: true", "spec.template.spec.hostPid: unknown field (did you mean hostPID?)")]
    [InlineData("kind: DaemonSet", "kind: DeamonSet", "unknown kind DeamonSet in apps/v1")]
    [InlineData("memory: 128Mi", "memory: lots", "limits/memory must match format \"quantity\"")]
    [InlineData("- SYS_ADMIN", "- CAP_SYS_ADMIN", "allowPrivilegeEscalation=false with capabilities.add CAP_SYS_ADMIN")]
    public async Task KubernetesManifests_BrokenDaemonSet_IsRejected(string find, string replacement, string expected)
    {
        await EnsureNodeModulesAsync();
        var directory = Directory.CreateTempSubdirectory("portwatch-k8s-");
        try
        {
            foreach (var file in Directory.GetFiles(Kubernetes, "*.yaml"))
            {
                File.Copy(file, Path.Combine(directory.FullName, Path.GetFileName(file)));
            }

            var daemonSet = Path.Combine(directory.FullName, "daemonset.yaml");
            var text = await File.ReadAllTextAsync(daemonSet);
            text.ShouldContain(find);
            await File.WriteAllTextAsync(daemonSet, text.Replace(find, replacement, StringComparison.Ordinal));

            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("node", [Path.Combine(Validate, "validate.mjs"), directory.FullName]);

            exitCode.ShouldBe(1, stdout + stderr);
            stdout.ShouldContain("daemonset.yaml: apps/v1 ");
            stdout.ShouldContain(": INVALID");
            stdout.ShouldContain(expected, customMessage: stdout);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void DaemonSet_GrantsExactlyTheCapabilitiesTheDocsName_OnTheHostsNamespaces()
    {
        var daemonSet = Documents(Path.Combine(Kubernetes, "daemonset.yaml")).ShouldHaveSingleItem();
        var pod = Mapping(daemonSet, "spec", "template", "spec");
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.ShouldHaveSingleItem();
        var security = Mapping(container, "securityContext");

        Scalar(pod, "hostPID").ShouldBe("true");
        Scalar(pod, "hostNetwork").ShouldBe("true");
        Scalar(pod, "dnsPolicy").ShouldBe("ClusterFirstWithHostNet");
        Strings(security, "capabilities", "drop").ShouldBe(["ALL"], ignoreOrder: false);
        Strings(security, "capabilities", "add").ShouldBe(PodCapabilities, ignoreOrder: true);
        Scalar(security, "runAsUser").ShouldBe("0");
        Scalar(security, "readOnlyRootFilesystem").ShouldBe("true");
        Scalar(security, "allowPrivilegeEscalation").ShouldBe("false");
        Scalar(security, "privileged").ShouldBe("false");

        var args = Strings(container, "args");
        args.ShouldContain(ContainerProcFlag);
        args.ShouldContain(StateFlag);
        var port = (YamlMappingNode)((YamlSequenceNode)container["ports"]).Children.ShouldHaveSingleItem();
        Scalar(port, "name").ShouldBe("metrics");
        Scalar(port, "containerPort").ShouldBe("10133");
        Scalar(container, "livenessProbe", "httpGet", "path").ShouldBe("/-/healthy");
        Scalar(container, "readinessProbe", "httpGet", "path").ShouldBe("/-/ready");
        Scalar(container, "resources", "limits", "memory").ShouldBe("128Mi");

        var mounts = ((YamlSequenceNode)container["volumeMounts"]).Children.Cast<YamlMappingNode>().ToDictionary(m => Scalar(m, "mountPath"), m => m);
        Scalar(mounts["/host/proc"], "readOnly").ShouldBe("true");
        var volumes = ((YamlSequenceNode)pod["volumes"]).Children.Cast<YamlMappingNode>().ToDictionary(v => Scalar(v, "name"), v => v);
        Scalar(volumes[Scalar(mounts["/host/proc"], "name")], "hostPath", "path").ShouldBe("/proc");
        Scalar(volumes[Scalar(mounts["/var/lib/portwatch"], "name")], "hostPath", "path").ShouldBe("/var/lib/portwatch");
        Scalar(mounts["/host/sys/fs/cgroup"], "readOnly").ShouldBe("true");
        Scalar(volumes[Scalar(mounts["/host/sys/fs/cgroup"], "name")], "hostPath", "path").ShouldBe("/sys/fs/cgroup");

        // The same capabilities in the image's docker run line, the compose demo and the docs.
        DockerRunCapabilities(File.ReadAllText(RepositoryPaths.InRoot("Dockerfile"))).ShouldBe(ContainerCapabilities, ignoreOrder: true);
        DockerRunCapabilities(File.ReadAllText(RepositoryPaths.InRoot("deploy", "README.md"))).ShouldBe(ContainerCapabilities, ignoreOrder: true);
        var portwatch = Mapping(Documents(Path.Combine(Compose, "compose.yaml")).ShouldHaveSingleItem(), "services", "portwatch");
        Strings(portwatch, "cap_add").ShouldBe(ContainerCapabilities, ignoreOrder: true);
        Strings(portwatch, "cap_drop").ShouldBe(["ALL"], ignoreOrder: false);
        var readme = File.ReadAllText(RepositoryPaths.InRoot("deploy", "README.md"));
        foreach (var capability in PodCapabilities)
        {
            readme.ShouldContain($"`CAP_{capability}`");
        }
    }

    [Fact]
    public void ServiceMonitor_ScrapesTheMetricsPort_AndKeepsTheListenersPodAndContainerLabels()
    {
        var monitor = Documents(Path.Combine(Kubernetes, "servicemonitor.yaml")).ShouldHaveSingleItem();
        var endpoint = (YamlMappingNode)((YamlSequenceNode)Mapping(monitor, "spec")["endpoints"]).Children.ShouldHaveSingleItem();
        var service = Documents(Path.Combine(Kubernetes, "service.yaml")).ShouldHaveSingleItem();

        Scalar(endpoint, "port").ShouldBe("metrics");
        Scalar(endpoint, "interval").ShouldBe("15s");
        Scalar(service, "spec", "clusterIP").ShouldBe("None");
        // A pod whose scans fail turns NotReady (/-/ready 503 after three intervals): it must stay a scrape target.
        Scalar(service, "spec", "publishNotReadyAddresses").ShouldBe("true");
        var relabelings = ((YamlSequenceNode)endpoint["relabelings"]).Children.Cast<YamlMappingNode>().ToList();
        // instance is the node's name with the port (host:port, as the rules' runbook_url http://<instance>/runbooks
        // needs), node the node's name alone.
        var instance = relabelings.Single(r => Optional(r, "targetLabel") == "instance");
        Strings(instance, "sourceLabels").ShouldBe(["__meta_kubernetes_pod_node_name", "__address__"], ignoreOrder: false);
        var pattern = new Regex("^(?:" + Scalar(instance, "regex") + ")$");
        pattern.Replace("node-a;10.0.0.7:10133", Scalar(instance, "replacement")).ShouldBe("node-a:10133");
        pattern.Replace("node-b;[fd00::7]:10133", Scalar(instance, "replacement")).ShouldBe("node-b:10133");
        relabelings.ShouldContain(r => Optional(r, "targetLabel") == "node" && Optional(r, "sourceLabels") == "__meta_kubernetes_pod_node_name");
        // Otherwise the operator's target labels pod and container would push the listeners' own to exported_pod
        // and exported_container, and the alerts and dashboards would lose them.
        relabelings.ShouldContain(r => Optional(r, "action") == "labeldrop" && Optional(r, "regex") == "pod|container");
    }

    [Fact]
    public void Dockerfile_MultiStage_NonRoot_HealthCheck_HostProc_AndEveryCopySourceExists()
    {
        var instructions = DockerfileInstructions(File.ReadAllLines(RepositoryPaths.InRoot("Dockerfile")));
        string[] Of(string name) => [.. instructions.Where(i => i.Name == name).Select(i => i.Arguments)];

        Of("FROM").Length.ShouldBeGreaterThanOrEqualTo(2);
        var user = Of("USER").ShouldHaveSingleItem();
        var uid = int.Parse(user.Split(':')[0], CultureInfo.InvariantCulture);
        uid.ShouldBeGreaterThan(0, "a numeric, non-root user");
        Of("EXPOSE").ShouldBe(["10133"], ignoreOrder: false);
        var health = Of("HEALTHCHECK").ShouldHaveSingleItem();
        health.ShouldContain("/-/healthy");
        var cmd = JsonSerializer.Deserialize<string[]>(Of("CMD").ShouldHaveSingleItem())!;
        cmd.ShouldBe([ContainerProcFlag, StateFlag], ignoreOrder: false);
        JsonSerializer.Deserialize<string[]>(Of("ENTRYPOINT").ShouldHaveSingleItem()).ShouldBe(["/usr/local/bin/portwatch"], ignoreOrder: false);

        var ignored = File.ReadAllLines(RepositoryPaths.InRoot(".dockerignore"))
            .Select(l => l.Trim().TrimEnd('/')).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.Contains('*', StringComparison.Ordinal)).ToList();
        foreach (var copy in Of("COPY").Where(c => !c.Contains("--from=", StringComparison.Ordinal)))
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToList();
            parts.Count.ShouldBeGreaterThanOrEqualTo(2, copy);
            foreach (var source in parts.Take(parts.Count - 1))
            {
                var path = RepositoryPaths.InRoot(source.TrimEnd('/'));
                (File.Exists(path) || Directory.Exists(path)).ShouldBeTrue($"COPY {copy}: {source} does not exist");
                ignored.ShouldNotContain(i => source.TrimEnd('/') == i || source.StartsWith(i + "/", StringComparison.Ordinal), customMessage: $"COPY {copy}: {source} is in .dockerignore");
            }
        }
    }

    [Fact]
    public void Dockerfile_PublishesAsBuildShDoes()
    {
        var buildSh = File.ReadAllLines(RepositoryPaths.InRoot("build.sh")).Select(l => l.Trim())
            .Single(l => l.StartsWith("dotnet publish ", StringComparison.Ordinal));
        var publish = DockerfileInstructions(File.ReadAllLines(RepositoryPaths.InRoot("Dockerfile")))
            .Single(i => i.Name == "RUN" && i.Arguments.Contains("dotnet publish ", StringComparison.Ordinal)).Arguments;

        // The same project, configuration and Native AOT; the runtime identifier and the output folder are the image's.
        var tokens = buildSh.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] is "-r" or "-o")
            {
                i++;
                continue;
            }

            publish.ShouldContain(tokens[i], customMessage: $"build.sh publishes with {tokens[i]}; the Dockerfile does not");
        }
    }

    [Fact]
    public async Task Dockerfile_PassesTheLinter()
    {
        await EnsureNodeModulesAsync();

        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            "node", [Path.Combine(Validate, "node_modules", "dockerfile-utils", "bin", "dockerfile-utils"), "lint", RepositoryPaths.InRoot("Dockerfile")]);

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.Trim().ShouldBeEmpty();
    }

    [Fact]
    public async Task Dockerfile_HealthCheck_AnswersForARunningExporter_AndFailsWithoutOne()
    {
        var instructions = DockerfileInstructions(await File.ReadAllLinesAsync(RepositoryPaths.InRoot("Dockerfile")));
        var health = instructions.Single(i => i.Name == "HEALTHCHECK").Arguments;
        var command = JsonSerializer.Deserialize<string[]>(health[health.IndexOf("CMD [", StringComparison.Ordinal)..][4..])!;
        command[0].ShouldBe("/bin/bash");
        command[1].ShouldBe("-c");
        command[2].ShouldContain("127.0.0.1/10133");

        await using (var exporter = await ExporterProcess.StartAsync())
        {
            var script = command[2].Replace("/10133", "/" + exporter.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("bash", ["-c", script], timeout: TimeSpan.FromSeconds(30));
            exitCode.ShouldBe(0, stdout + stderr);
        }

        var closed = command[2].Replace("/10133", "/" + FreePort.Next().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        (await ProcessRunner.RunAsync("bash", ["-c", closed], timeout: TimeSpan.FromSeconds(30))).ExitCode.ShouldNotBe(0);
    }

    [Fact]
    public async Task Compose_PrometheusConfig_PassesPromtoolCheckConfig_WithThePacksRules()
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("promtool", ["check", "config", Path.Combine(Compose, "prometheus.yml")]);

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain("SUCCESS");
        stdout.ShouldContain("1 rule files found");
        stdout.ShouldContain("alerts/portwatch.rules.yml");
    }

    [Fact]
    public void Compose_PrometheusConfig_NamesTheRulesAtThePathTheContainerMountsThem()
    {
        var prometheus = Mapping(Documents(Path.Combine(Compose, "compose.yaml")).ShouldHaveSingleItem(), "services", "prometheus");
        var configFlag = Strings(prometheus, "command").Single(c => c.StartsWith("--config.file=", StringComparison.Ordinal));
        var containerConfig = configFlag["--config.file=".Length..];
        var mounts = Strings(prometheus, "volumes").Select(v => v.Split(':')).Where(v => v[0].StartsWith('.')).ToList();
        var ruleFiles = Strings(Documents(Path.Combine(Compose, "prometheus.yml")).ShouldHaveSingleItem(), "rule_files");
        ruleFiles.ShouldNotBeEmpty();

        // The config file itself is mounted where --config.file says.
        var config = Path.Combine(Compose, "prometheus.yml");
        mounts.ShouldContain(m => m[1] == containerConfig && Path.GetFullPath(Path.Combine(Compose, m[0])) == config);
        foreach (var rules in ruleFiles)
        {
            var inRepository = Path.GetFullPath(Path.Combine(Compose, rules));
            File.Exists(inRepository).ShouldBeTrue(inRepository);
            // Prometheus resolves it against the config file's folder, inside the container: a mount must bring the
            // same repository file there.
            var inContainer = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(containerConfig)!, rules));
            var mount = mounts.FirstOrDefault(m => inContainer == m[1] || inContainer.StartsWith(m[1] + "/", StringComparison.Ordinal));
            mount.ShouldNotBeNull($"{rules}: no volume of the prometheus service holds {inContainer}");
            Path.GetFullPath(Path.Combine(Compose, mount[0], Path.GetRelativePath(mount[1], inContainer)))
                .ShouldBe(inRepository, $"{rules}: {inContainer} in the container is not {inRepository}");
        }
    }

    [Fact]
    public async Task Compose_AlertmanagerConfig_PassesAmtoolCheckConfig()
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("amtool", ["check-config", Path.Combine(Compose, "alertmanager.yml")]);

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain("SUCCESS");
    }

    [Theory]
    [InlineData("critical", "pager")]
    [InlineData("warning", "ticket")]
    [InlineData("info", "null")]
    [InlineData("page-me-maybe", "ticket")]
    public async Task Compose_AlertmanagerConfig_RoutesBySeverity(string severity, string receiver)
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            "amtool",
            ["config", "routes", "test", $"--config.file={Path.Combine(Compose, "alertmanager.yml")}",
             $"severity={severity}", "alertname=PortwatchUnassignedWellKnownListener", "instance=host-a:10133"]);

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.Trim().ShouldBe(receiver);
    }

    [Fact]
    public void Compose_AlertmanagerConfig_RoutesAndInhibitsLikeTheExample()
    {
        var demo = Documents(Path.Combine(Compose, "alertmanager.yml")).ShouldHaveSingleItem();
        var example = Documents(RepositoryPaths.InRoot("alerts", "alertmanager.example.yml")).ShouldHaveSingleItem();

        foreach (var key in new[] { "route", "inhibit_rules" })
        {
            Canonical(demo[key]).ShouldBe(Canonical(example[key]), key);
        }
    }

    [Fact]
    public async Task Compose_File_MatchesTheComposeSpecification_AndMountsFilesThatExist()
    {
        await EnsureNodeModulesAsync();

        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("node", [Path.Combine(Validate, "compose.mjs")]);

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.Trim().ShouldBe("compose.yaml: 4 services (portwatch, prometheus, alertmanager, grafana): valid");
        var portwatch = Mapping(Documents(Path.Combine(Compose, "compose.yaml")).ShouldHaveSingleItem(), "services", "portwatch");
        Scalar(portwatch, "pid").ShouldBe("host");
        Scalar(portwatch, "network_mode").ShouldBe("host");
        Strings(portwatch, "command").ShouldContain(ContainerProcFlag);
        Strings(portwatch, "command").ShouldContain(StateFlag);
        Strings(portwatch, "volumes").ShouldContain("/proc:/host/proc:ro");
    }

    /// <summary>Runs <c>npm ci</c> in deploy/kubernetes/validate when its node_modules is missing or older than the lock file.</summary>
    [Fact]
    public void Readme_OneLinePerSetting_IsDeployReadmes_AndEverySettingRunsWithTheSameFlags()
    {
        var readme = OneLines(File.ReadAllLines(RepositoryPaths.InRoot("README.md")));
        var deploy = OneLines(File.ReadAllLines(RepositoryPaths.InRoot("deploy", "README.md")));

        readme.Keys.ShouldBe(["systemd", "container", "Kubernetes"], ignoreOrder: true);
        foreach (var (setting, line) in readme)
        {
            deploy.ShouldContainKey(setting);
            line.ShouldBe(deploy[setting], $"README.md and deploy/README.md give different lines for {setting}");
        }

        // The container line gives the image the host's /proc where its CMD looks, and a volume for the state file.
        readme["container"].ShouldContain("-v /proc:/host/proc:ro");
        // The host's cgroup v2 hierarchy, for the tracer's cgroup programs (ImageTests: the tracer attaches with it).
        readme["container"].ShouldContain("--cgroupns host -v /proc:/host/proc:ro -v /sys/fs/cgroup:/host/sys/fs/cgroup:ro ");
        readme["container"].ShouldContain(":/var/lib/portwatch ");
        readme["Kubernetes"].ShouldBe("kubectl apply -k deploy/kubernetes");
        readme["systemd"].ShouldContain("deploy/systemd/portwatch.service");

        // Each setting's flags: the same listen address (given, or the default :10133), the same state file, the
        // host's /proc as each sees it.
        var unit = UnitSection(File.ReadAllLines(Unit), "Service")["ExecStart"].ShouldHaveSingleItem().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        var image = JsonSerializer.Deserialize<string[]>(
            DockerfileInstructions(File.ReadAllLines(RepositoryPaths.InRoot("Dockerfile"))).Single(i => i.Name == "CMD").Arguments)!;
        var pod = Mapping(Documents(Path.Combine(Kubernetes, "daemonset.yaml")).ShouldHaveSingleItem(), "spec", "template", "spec");
        var daemonSet = Strings((YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.Single(), "args");
        foreach (var (name, flags, procfs) in new[] { ("systemd", unit, "--path.procfs=/proc"), ("image", image, ContainerProcFlag), ("DaemonSet", [.. daemonSet], ContainerProcFlag) })
        {
            flags.ShouldContain(StateFlag, customMessage: name);
            flags.ShouldContain(procfs, customMessage: name);
            flags.Where(f => f.StartsWith("--web.listen-address=", StringComparison.Ordinal)).ShouldAllBe(f => f == "--web.listen-address=:10133", name);
        }
    }

    // The backticked command of each "| setting | ... | `command` |" row.
    private static Dictionary<string, string> OneLines(string[] lines) =>
        lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("` |", StringComparison.Ordinal))
            .Select(l => l.Split(" | ").Select(c => c.Trim('|', ' ')).ToArray())
            .Where(c => c[0] is "systemd" or "container" or "Kubernetes")
            .ToDictionary(c => c[0], c => c[^1].Trim('`'));

    private static async Task EnsureNodeModulesAsync()
    {
        await NodeModules.WaitAsync();
        try
        {
            var installed = Path.Combine(Validate, "node_modules", ".package-lock.json");
            if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(Path.Combine(Validate, "package-lock.json")))
            {
                return;
            }

            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
                "npm", ["ci", "--prefix", Validate, "--no-audit", "--no-fund"], timeout: TimeSpan.FromMinutes(10));
            exitCode.ShouldBe(0, stdout + stderr);
        }
        finally
        {
            NodeModules.Release();
        }
    }

    /// <summary>The keys of one section of a unit file, each with its values in order; comments and continuations handled.</summary>
    private static Dictionary<string, List<string>> UnitSection(string[] lines, string section)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var current = "";
        var pending = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            line = (pending + line).Trim();
            pending = "";
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = line[1..^1];
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (current == section && equals > 0)
            {
                var key = line[..equals];
                if (!values.TryGetValue(key, out var list))
                {
                    values[key] = list = [];
                }

                list.Add(line[(equals + 1)..]);
            }
        }

        return values;
    }

    private static IEnumerable<string> Words(Dictionary<string, List<string>> section, string key) =>
        section.TryGetValue(key, out var values) ? values.SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)) : [];

    /// <summary>A Dockerfile's instructions, continuation lines joined and comment lines dropped.</summary>
    private static List<(string Name, string Arguments)> DockerfileInstructions(string[] lines)
    {
        var instructions = new List<(string, string)>();
        var pending = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            line = (pending + line).Trim();
            pending = "";
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add((line[..space].ToUpperInvariant(), line[(space + 1)..].Trim()));
        }

        return instructions;
    }

    /// <summary>The <c>--cap-add</c> values of the docker run command lines in a text, sorted.</summary>
    private static string[] DockerRunCapabilities(string text) =>
        [.. CapAdd().Matches(text).Select(m => m.Groups["capability"].Value).Distinct().Order(StringComparer.Ordinal)];

    private static List<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => (YamlMappingNode)current[key]);

    /// <summary>A scalar, or the single item of a sequence of one, under <paramref name="key"/>; null when absent.</summary>
    private static string? Optional(YamlMappingNode node, string key) =>
        !node.Children.TryGetValue(key, out var value) ? null
        : value is YamlScalarNode scalar ? scalar.Value
        : value is YamlSequenceNode { Children.Count: 1 } sequence && sequence.Children[0] is YamlScalarNode item ? item.Value
        : null;

    private static string Scalar(YamlMappingNode node, params string[] path) =>
        ((YamlScalarNode)Mapping(node, path[..^1])[path[^1]]).Value!;

    private static List<string> Strings(YamlMappingNode node, params string[] path) =>
        [.. ((YamlSequenceNode)Mapping(node, path[..^1])[path[^1]]).Children.Select(c => ((YamlScalarNode)c).Value!)];

    /// <summary>A YAML node as one line of text, comments and layout aside, for comparing two documents' parts.</summary>
    private static string Canonical(YamlNode node) => node switch
    {
        YamlScalarNode scalar => JsonSerializer.Serialize(scalar.Value),
        YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Canonical)) + "]",
        YamlMappingNode mapping => "{" + string.Join(",", mapping.Children.Select(p => Canonical(p.Key) + ":" + Canonical(p.Value)).Order(StringComparer.Ordinal)) + "}",
        _ => node.ToString(),
    };

    [GeneratedRegex(@"--cap-add[ =](?<capability>[A-Z_]+)")]
    private static partial Regex CapAdd();
}
