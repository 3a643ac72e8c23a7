using System.Diagnostics;

namespace MtlAttack.Core.Telemetry;

/// <summary>
/// The library's spans: <c>core evaluate batch</c> (one batch of one cell, clean or attacked, with its metrics),
/// <c>core attack</c> (the adversarial search inside it) and <c>core load network</c> (a checkpoint read into a
/// network). They cost nothing unless a listener (an OpenTelemetry tracer provider naming <see cref="SourceName"/>)
/// is attached, and then join whatever trace is current: in the service, the grain call that ran them.
/// </summary>
public static class CoreTelemetry
{
    public const string SourceName = "MtlAttack.Core";

    public static readonly ActivitySource Source = new(SourceName);

    public static class Spans
    {
        public const string EvaluateBatch = "core evaluate batch";
        public const string Attack = "core attack";
        public const string LoadNetwork = "core load network";
    }
}
