namespace PortWatch.Listeners;

/// <summary>How a label's value is typed where the output has types (JSON).</summary>
internal enum LabelKind
{
    /// <summary>A string.</summary>
    Text,

    /// <summary>A whole number (the port).</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
}
