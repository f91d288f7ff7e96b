using System.Globalization;
using PortWatch.ProcFs;
using PortWatch.Scanning;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Scanning;

/// <summary>
/// Which network namespace scans call <c>host</c> (netns 0): the one whose sockets the host source reads, so that the
/// namespace finder never reads it a second time under its inode. The trees are laid out like the kernel's /proc.
/// </summary>
public sealed class ScannerFactoryTests : IDisposable
{
    private const ulong Init = 4026531840;
    private const ulong Own = 4026532100;
    private readonly FakeProcFs proc = new();

    public void Dispose() => proc.Dispose();

    [Fact]
    public void HostNamespace_Tables_AreTheReadersNamespace_NotTheTreesInit()
    {
        // The kernel's net/ is a link to self/net: its tables are those of the process reading them (the exporter,
        // pid 10 here), whichever namespace pid 1 of the tree is in.
        proc.SetNetNamespace(1, Init).AddProcess(10, "portwatch").SetNetNamespace(10, Own).SetSelf(10);

        ScannerFactory.HostNamespace(ScanMethod.Procfs, new ProcFsRoot(proc.Path)).ShouldBe(Own);
    }

    [Fact]
    public void HostNamespace_Tables_TheTreesInitUnreadable_AreStillTheReadersNamespace()
    {
        // The host's pid 1 seen from a container, or /proc mounted hidepid: its ns/net link cannot be read.
        proc.AddProcess(10, "portwatch").SetNetNamespace(10, Own).SetSelf(10);

        ScannerFactory.HostNamespace(ScanMethod.Procfs, new ProcFsRoot(proc.Path)).ShouldBe(Own);
    }

    [Fact]
    public void HostNamespace_TablesOfATreeWithoutSelf_AreItsInits()
    {
        // A tree laid out like /proc by hand (a capture) has no reader: its net/ is its init's view.
        proc.SetNetNamespace(1, Init);

        ScannerFactory.HostNamespace(ScanMethod.Procfs, new ProcFsRoot(proc.Path)).ShouldBe(Init);
    }

    [Fact]
    public void HostNamespace_Netlink_IsTheExportersOwn_WhateverTheTreeSays()
    {
        proc.SetNetNamespace(1, Init).AddProcess(10, "portwatch").SetNetNamespace(10, Own).SetSelf(10);
        var target = new FileInfo("/proc/self/ns/net").LinkTarget.ShouldNotBeNull();
        var ours = ulong.Parse(target["net:[".Length..^1], CultureInfo.InvariantCulture);

        ScannerFactory.HostNamespace(ScanMethod.Netlink, new ProcFsRoot(proc.Path)).ShouldBe(ours);
    }
}
