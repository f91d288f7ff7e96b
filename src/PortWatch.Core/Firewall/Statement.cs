namespace PortWatch.Firewall;

/// <summary>One statement of a rule, as the evaluator understands it.</summary>
internal abstract record Statement;
