namespace PortWatch.State;

/// <summary>A state file that cannot be read or written; the message names the file.</summary>
internal sealed class StateFileException(StateFileProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public StateFileProblem Problem { get; } = problem;
}
