namespace PortWatch.Cli;

/// <summary>The exit codes of portwatch's commands (README's "The command line").</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int RuntimeFailure = 1;
    public const int BadConfiguration = 2;
}
