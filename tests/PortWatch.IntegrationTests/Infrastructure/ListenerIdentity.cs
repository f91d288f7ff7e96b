namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>A listener as every source here can name it: protocol, family, address, port.</summary>
internal sealed record ListenerIdentity(string Protocol, string Family, string Address, int Port)
{
    public override string ToString() => $"{Protocol}/{Family} {Address} {Port}";
}
