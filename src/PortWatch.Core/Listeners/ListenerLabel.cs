namespace PortWatch.Listeners;

/// <summary>One label of a listener: its name (as metrics and JSON spell it), how to read its value, and its JSON type.</summary>
internal sealed record ListenerLabel(string Name, Func<Listener, string> Value, LabelKind Kind = LabelKind.Text);
