namespace PortWatch.Listeners;

/// <summary>The label values of listener classes (the <c>class</c> label of the listener-limit metrics).</summary>
internal static class ListenerClassLabels
{
    public static string ToLabel(this ListenerClass listenerClass) => listenerClass switch
    {
        ListenerClass.Pages => "pages",
        ListenerClass.Unexpected => "unexpected",
        _ => "expected",
    };
}
