namespace MtlAttack.Benchmarks;

/// <summary>The ids of the ratios that callers look up by name (printers, scripts, tests); the rest are named where they are measured.</summary>
public static class RatioIds
{
    /// <summary>DGBA step / total-loss step; its two sides are the per-step times of the model timed.</summary>
    public const string DgbaStep = "dgba-step";

    /// <summary>A TorchScript model's attack step / its native twin's (<c>bench --model DIR --native-twin DIR2</c>).</summary>
    public const string TorchScriptVersusNative = "torchscript-vs-native";
}
