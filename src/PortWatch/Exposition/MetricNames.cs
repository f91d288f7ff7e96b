namespace PortWatch.Exposition;

/// <summary>The metric names of SPEC section 4, in one place: dashboards, alerts and users' queries depend on them.</summary>
internal static class MetricNames
{
    public const string ListenerInfo = "portwatch_listener_info";
    public const string ListenerFirstSeen = "portwatch_listener_first_seen_timestamp_seconds";
    public const string ListenerLastSeen = "portwatch_listener_last_seen_timestamp_seconds";
    public const string PacketSockets = "portwatch_packet_sockets";
    public const string PacketSocketFirstSeen = "portwatch_packet_socket_first_seen_timestamp_seconds";
    public const string Listeners = "portwatch_listeners";
    public const string Baseline = "portwatch_baseline_timestamp_seconds";
    public const string ListenersLimit = "portwatch_listeners_limit";
    public const string ListenersDropped = "portwatch_listeners_dropped";
    public const string ListenerDrops = "portwatch_listener_drops_total";
    public const string HttpMaxRequests = "portwatch_http_max_requests";
    public const string HttpRequestsInFlight = "portwatch_http_requests_in_flight";
    public const string HttpRequestsRejected = "portwatch_http_requests_rejected_total";
    public const string ScanSuccess = "portwatch_scan_success";
    public const string ScanDuration = "portwatch_scan_duration_seconds";
    public const string ScanStageDuration = "portwatch_scan_stage_duration_seconds";
    public const string LastScan = "portwatch_last_scan_timestamp_seconds";
    public const string ScanInterval = "portwatch_scan_interval_seconds";
    public const string Scans = "portwatch_scans_total";
    public const string ScanErrors = "portwatch_scan_errors_total";
    public const string MalformedLines = "portwatch_procfs_malformed_lines_total";
    public const string AttributionEnabled = "portwatch_process_attribution_enabled";
    public const string ProcessesUnreadable = "portwatch_processes_unreadable";
    public const string StateWriteErrors = "portwatch_state_write_errors_total";
    public const string StateReset = "portwatch_state_reset_timestamp_seconds";
    public const string ScanMethod = "portwatch_scan_method_info";
    public const string ScanNamespaces = "portwatch_scan_namespaces_info";
    public const string NetworkNamespaces = "portwatch_network_namespaces";
    public const string NetworkNamespaceErrors = "portwatch_network_namespace_errors_total";
    public const string DestroyEventsNamespaces = "portwatch_destroy_events_namespaces";
    public const string ShortLivedListeners = "portwatch_short_lived_listeners_total";
    public const string DestroyEventsEnabled = "portwatch_destroy_events_enabled";
    public const string DestroyEventsFiltered = "portwatch_destroy_events_kernel_filtered";
    public const string DestroyEventsReceived = "portwatch_destroy_events_received_total";
    public const string DestroyEventsListeners = "portwatch_destroy_events_listeners_total";
    public const string DestroyEventsOverruns = "portwatch_destroy_events_overruns_total";
    public const string DestroyEventsDropped = "portwatch_destroy_events_dropped_total";
    public const string RegistryEntries = "portwatch_registry_entries";
    public const string RegistryInfo = "portwatch_registry_info";
    public const string RegistryUpdated = "portwatch_registry_updated_timestamp_seconds";
    public const string BuildInfo = "portwatch_build_info";
    public const string WebConfigReloadSuccessful = "portwatch_web_config_last_reload_successful";
    public const string WebConfigReloadSuccess = "portwatch_web_config_last_reload_success_timestamp_seconds";
    public const string ProcessResidentMemory = "process_resident_memory_bytes";
    public const string ProcessOpenFds = "process_open_fds";
    public const string ProcessMaxFds = "process_max_fds";
}
