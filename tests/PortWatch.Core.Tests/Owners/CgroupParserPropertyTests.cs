using System.Text;
using CsCheck;
using PortWatch.Owners;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Owners;

/// <summary>
/// <c>/proc/&lt;pid&gt;/cgroup</c> is text the kernel writes from names that whoever may create cgroups chooses, and an OCI
/// <c>config.json</c> is a runtime's file: on any bytes the readers never throw, and what they report always has the
/// shape of what it names (a 64-hex container id, a pod uid, a unit).
/// </summary>
public sealed class CgroupParserPropertyTests
{
    private const int Cases = 10_000;

    private static readonly string[] Runtimes = ["none", "docker", "containerd", "cri-o", "podman", "kubernetes"];

    private static readonly Gen<string> HexId = Gen.String[Gen.Char["0123456789abcdef"], 64, 64];

    private static readonly Gen<string> PodUid =
        from parts in Gen.String[Gen.Char["0123456789abcdef"], 32, 32]
        select $"{parts[..8]}-{parts[8..12]}-{parts[12..16]}-{parts[16..20]}-{parts[20..]}";

    /// <summary>A cgroup path segment of anything but '/' and line breaks, or one that looks like what runtimes write.</summary>
    private static readonly Gen<string> Segment = Gen.Frequency(
        (3, Gen.String[Gen.Char.Where(c => c is not ('/' or '\n' or '\r')), 1, 20]),
        (1, Gen.OneOf("system.slice", "docker", "kubepods", "kubepods.slice", "sshd.service", "x.scope", "pod", "docker-.scope", ":cri-containerd:", "kubepods-pod.slice", "user@1000.service", "kubelet.slice", "kubelet-kubepods.slice")),
        (1, from id in HexId from prefix in Gen.OneOf("docker-", "crio-", "libpod-", "cri-containerd-", "", "x-") from suffix in Gen.OneOf(".scope", "", ".service") select prefix + id + suffix),
        (1, from uid in PodUid from form in Gen.OneOf("pod{0}", "kubepods-burstable-pod{0}.slice", "kubepods-pod{0}.slice") select string.Format(System.Globalization.CultureInfo.InvariantCulture, form, form.Contains("slice", StringComparison.Ordinal) ? uid.Replace('-', '_') : uid)));

    private static readonly Gen<string> Path = Segment.Array[0, 8].Select(s => "/" + string.Join('/', s));

    private static readonly Gen<string> Line = Gen.Frequency(
        (3, from id in Gen.OneOf("0", "1", "12", "x", "")
            from controllers in Gen.OneOf("", "name=systemd", "cpu,cpuacct", "memory", "name=systemd:extra")
            from path in Path
            select $"{id}:{controllers}:{path}"),
        (1, Gen.String[Gen.Char.Where(c => c != '\n'), 0, 80]));

    [Fact]
    public void Parse_AnyText_NeverThrowsAndReportsOnlyWellFormedOwners()
    {
        var text = Gen.Frequency(
            (3, Line.Array[0, 6].Select(lines => string.Join('\n', lines) + "\n")),
            (1, Gen.Byte.Array[0, 600].Select(b => Encoding.UTF8.GetString(b))));

        Properties.Check(text, t =>
        {
            var owner = Should.NotThrow(() => CgroupParser.Parse(t));

            owner.Runtime.ShouldBeOneOf(Runtimes);
            (owner.ContainerId == "none" || (owner.ContainerId.Length == 64 && owner.ContainerId.All(char.IsAsciiHexDigitLower))).ShouldBeTrue(owner.ContainerId);
            (owner.ContainerId == "none" ? owner.Container == "none" : owner.ContainerId.StartsWith(owner.Container, StringComparison.Ordinal)).ShouldBeTrue();
            (owner.PodUid == "none" || (owner.PodUid.Length == 36 && owner.PodUid.Count(c => c == '-') == 4)).ShouldBeTrue(owner.PodUid);
            (owner.Unit == "none" || (owner.Unit.Split('/').All(part => t.Contains(part, StringComparison.Ordinal))
                && (owner.Unit.EndsWith(".service", StringComparison.Ordinal) || owner.Unit.EndsWith(".scope", StringComparison.Ordinal)))).ShouldBeTrue(owner.Unit);
        }, Cases, t => t);
    }

    [Fact]
    public void ParsePath_AnythingBelowAUsersServiceManager_IsThatUsersUnitAndNeverAPodOrAContainer()
    {
        // Issue 15 item 5: a user names cgroups at will below user@UID.service; none of it may pass for the system's.
        Properties.Check(Path, p =>
        {
            var owner = CgroupParser.ParsePath("/user.slice/user-1000.slice/user@1000.service" + p);

            owner.PodUid.ShouldBe("none");
            owner.ContainerId.ShouldBe("none");
            owner.Runtime.ShouldBe("none");
            owner.Unit.ShouldStartWith("user@1000.service");
        }, Cases, p => p);
    }

    [Fact]
    public void Parse_ContainerCgroupWithLinesThatAreNotCgroups_GivesTheContainerAndPod()
    {
        // Each runtime's layout, with lines that are not "id:controllers:/path" before, between and after.
        var layouts =
            from id in HexId
            from uid in PodUid
            from layout in Gen.Int[0, 4]
            select layout switch
            {
                0 => ($"0::/system.slice/docker-{id}.scope", id, "none", "docker"),
                1 => ($"0::/docker/{id}", id, "none", "docker"),
                2 => ($"0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{uid.Replace('-', '_')}.slice/cri-containerd-{id}.scope", id, uid, "containerd"),
                3 => ($"0::/kubepods/besteffort/pod{uid}/{id}", id, uid, "kubernetes"),
                _ => ($"0::/machine.slice/libpod-{id}.scope/container", id, "none", "podman"),
            };
        var notCgroup = Gen.Frequency(
            (2, Gen.String[Gen.Char.Where(c => c is not ('\n' or ':')), 0, 60]),
            (1, from a in Gen.String[Gen.Char.Where(c => c is not ('\n' or ':')), 0, 5] select a + ":" + a),
            (1, Gen.OneOf("0::relative/path", "1:cpu", "0::", "2:memory:", "\r")));
        var cases =
            from l in layouts
            from before in notCgroup.Array[0, 3]
            from after in notCgroup.Array[0, 3]
            select (l, text: string.Join('\n', [.. before, l.Item1, .. after]) + "\n");

        Properties.Check(cases, c =>
        {
            var owner = CgroupParser.Parse(c.text);

            owner.ContainerId.ShouldBe(c.l.id);
            owner.PodUid.ShouldBe(c.l.Item3);
            owner.Runtime.ShouldBe(c.l.Item4);
        }, Cases, c => c.text);
    }

    [Fact]
    public void Annotations_AnyText_NeverThrowsAndGivesBothNamesOrNone()
    {
        var json = Gen.Frequency(
            (2, Gen.Byte.Array[0, 300].Select(b => Encoding.UTF8.GetString(b))),
            (3, from name in JsonString
                from ns in JsonString
                from cut in Gen.Int[0, 400]
                let whole = $$$"""{"ociVersion":"1.0.2","annotations":{"io.kubernetes.cri.sandbox-name":{{{name}}},"io.kubernetes.cri.sandbox-namespace":{{{ns}}},"io.kubernetes.cri.sandbox-uid":"u"}}"""
                select whole[..Math.Min(cut, whole.Length)]),
            (1, Gen.OneOf("[]", "null", "{\"annotations\":[]}", "{\"annotations\":{\"io.kubernetes.cri.sandbox-name\":1}}", new string('[', 100_000))));

        Properties.Check(json, text =>
        {
            var names = Should.NotThrow(() => new PodAnnotations("{0}", "io.kubernetes.cri.sandbox-name", "io.kubernetes.cri.sandbox-namespace", "io.kubernetes.cri.sandbox-uid").Read(text, "u"));

            if (names is { } found)
            {
                found.Pod.ShouldNotBeNullOrEmpty();
                found.Namespace.ShouldNotBeNullOrEmpty();
            }
        }, Cases / 2, t => t.Length > 200 ? t[..200] + "…" : t);
    }

    /// <summary>A JSON string literal, with escapes the reader must undo: quotes, backslashes, control characters, and surrogates alone or in pairs.</summary>
    private static readonly Gen<string> JsonString =
        Gen.Frequency(
                (3, Gen.Char["abcdefghijklmnopqrstuvwxyz-0123456789."].Select(c => c.ToString())),
                (1, Gen.OneOf(@"\""", @"\\", @"\n", @"\u0000", @"\u001b", @"\ud800", @"\udfff", @"\ud83d\ude00", @"\u202e", "ü", "\"")))
            .Array[0, 12]
            .Select(parts => "\"" + string.Concat(parts) + "\"");
}
