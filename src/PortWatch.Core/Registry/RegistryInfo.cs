namespace PortWatch.Registry;

/// <summary>Where a registry came from and how current it is.</summary>
/// <param name="Source"><c>embedded</c>, or the path of the file given to <c>--registry.file</c>.</param>
/// <param name="Updated">The date of the registry's newest change, as far as the data tells.</param>
internal sealed record RegistryInfo(string Source, DateOnly Updated)
{
    public const string Embedded = "embedded";
}
