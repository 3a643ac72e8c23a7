using System.Globalization;
using MtlAttack.Core.Models;
using static TorchSharp.torch;

namespace MtlAttack.Benchmarks;

/// <summary>
/// A native model folder standing for a TorchScript model's architecture, so the two can be timed against each other:
/// it must read the same input (size and normalisation) and predict the same heads in the same order. Its weights
/// may differ (timings do not depend on them); <see cref="Agreement"/> says whether they do.
/// </summary>
internal static class NativeTwin
{
    /// <summary>Outputs within this fraction of their largest value are the same function up to float rounding.</summary>
    private const double SameFunctionTolerance = 1e-4;

    /// <summary>Throws <see cref="ModelRefusedException"/> saying what differs unless <paramref name="twin"/> can stand for <paramref name="model"/>.</summary>
    public static void Check(AttackableModel model, AttackableModel twin)
    {
        if (model.Header.Format != ModelFormat.TorchScript)
            throw new ModelRefusedException($"A native twin is compared with a TorchScript model, but {model.Directory} holds a native one; give the TorchScript model folder as the model.");
        if (twin.Header.Format != ModelFormat.Native)
            throw new ModelRefusedException($"The native twin {twin.Directory} holds a TorchScript model; give a native model folder (model.json + weights.safetensors) of the same architecture.");
        string Heads(ModelHeader h) => string.Join(", ", h.Tasks.Select(t => $"{t.Name} ({t.OutputChannels})"));
        if (Heads(model.Header) != Heads(twin.Header))
            throw new ModelRefusedException($"The native twin predicts {Heads(twin.Header)} but the TorchScript model {Heads(model.Header)}; the twin must have the same heads, with the same channels, in the same order.");
        if (model.Header.InputHeight != twin.Header.InputHeight || model.Header.InputWidth != twin.Header.InputWidth)
            throw new ModelRefusedException($"The native twin takes {twin.Header.InputHeight}x{twin.Header.InputWidth} images but the TorchScript model {model.Header.InputHeight}x{model.Header.InputWidth}; the twin must take the same size.");
        if (!Equals(model.Header.Normalization, twin.Header.Normalization))
            throw new ModelRefusedException("The native twin reads pixels with another normalisation than the TorchScript model; the twin must read the same input.");
    }

    /// <summary>Whether both compute the same function on <paramref name="images"/>: the largest difference of their outputs, in words.</summary>
    public static string Agreement(AttackableModel model, AttackableModel twin, Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ours = model.Forward(images);
        var theirs = twin.Forward(images);
        double worst = 0;
        foreach (var task in model.TaskNames)
        {
            if (!ours[task].shape.SequenceEqual(theirs[task].shape))
                return $"Their '{task}' outputs differ in shape ([{string.Join(",", ours[task].shape)}] against the twin's [{string.Join(",", theirs[task].shape)}]): not the same architecture.";
            double largest = theirs[task].abs().max().item<float>();
            double difference = (ours[task] - theirs[task]).abs().max().item<float>();
            worst = Math.Max(worst, largest > 0 ? difference / largest : difference);
        }
        string relative = worst.ToString("0.0e+0", CultureInfo.InvariantCulture);
        return worst <= SameFunctionTolerance
            ? $"On the timed batch their outputs agree within {relative} of the largest value: the twin computes the same function."
            : $"On the timed batch their outputs differ by up to {relative} of the largest value: the twin has other weights (the timing compares architectures only).";
    }
}
