using PortWatch.Processes;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Processes;

public sealed class FdLinkTests
{
    [Theory]
    [InlineData("socket:[123]", 123UL)]
    [InlineData("socket:[0]", 0UL)]
    [InlineData("socket:[18446744073709551615]", ulong.MaxValue)]
    public void TryParseSocketInode_SocketLink_GivesInode(string target, ulong inode)
    {
        FdLink.TryParseSocketInode(target, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(inode);
    }

    [Theory]
    [InlineData("pipe:[1]")]
    [InlineData("anon_inode:[eventfd]")]
    [InlineData("/dev/null")]
    [InlineData("socket:[]")]
    [InlineData("socket:[12a]")]
    [InlineData("socket:[-1]")]
    [InlineData("socket:[ 12]")]
    [InlineData("socket:[12")]
    [InlineData("socket:123")]
    [InlineData("Socket:[123]")]
    [InlineData("socket:[18446744073709551616]")]
    [InlineData("")]
    [InlineData("garbage")]
    public void TryParseSocketInode_OtherTarget_ReturnsFalse(string target)
    {
        FdLink.TryParseSocketInode(target, out _).ShouldBeFalse();
    }
}
