namespace PortWatch.Cli;

/// <summary>How <c>list</c> and <c>lookup</c> print.</summary>
internal enum OutputFormat
{
    /// <summary>Aligned columns for people.</summary>
    Table,

    /// <summary>A JSON array for programs.</summary>
    Json,
}
