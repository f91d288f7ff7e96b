using PortWatch.Security;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Security;

public sealed class BcryptHashesTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    public void Problem_HtpasswdHash_IsNoneAndItsCostIsRead(int cost)
    {
        var hash = Htpasswd.Hash("password", cost);

        BcryptHashes.Problem(hash).ShouldBeNull();
        BcryptHashes.Cost(hash).ShouldBe(cost);
        BCrypt.Net.BCrypt.Verify("password", hash).ShouldBeTrue();
    }

    [Theory]
    [InlineData("$2a$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG", null)]
    [InlineData("$2b$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG", null)]
    [InlineData("$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7z", "is not a bcrypt hash")]
    [InlineData("$2z$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG", "is not a bcrypt hash")]
    [InlineData("$2y$1a$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG", "is not a bcrypt hash")]
    [InlineData("$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7z!", "is not a bcrypt hash")]
    [InlineData("$2y$32$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG", "has cost 32; bcrypt's cost is 4 to 31")]
    [InlineData("{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "is not a bcrypt hash")]
    [InlineData("", "is not a bcrypt hash")]
    public void Problem_OtherText_SaysWhat(string hash, string? problem)
    {
        if (problem is null)
        {
            BcryptHashes.Problem(hash).ShouldBeNull();
        }
        else
        {
            BcryptHashes.Problem(hash).ShouldNotBeNull().ShouldStartWith(problem);
        }
    }
}
