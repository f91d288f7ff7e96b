namespace PortWatch.Cli;

/// <summary>SPEC section 6's exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int RuntimeFailure = 1;
    public const int BadConfiguration = 2;
}
