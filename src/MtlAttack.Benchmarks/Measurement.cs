namespace MtlAttack.Benchmarks;

/// <summary>One side of a ratio: what was measured, its median over the samples, and the samples themselves.</summary>
public sealed record Measurement(string Label, string Unit, IReadOnlyList<double> Samples)
{
    public const string Seconds = "s", Bytes = "bytes", Tensors = "tensors";

    public double Median => Medians.Of(Samples);

    public static Measurement Single(string label, string unit, double value) => new(label, unit, [value]);
}
