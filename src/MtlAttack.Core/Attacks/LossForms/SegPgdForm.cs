using MtlAttack.Core.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.LossForms;

/// <summary>
/// <c>segpgd</c> (Gu et al., ECCV 2022): the pixel cross-entropy split into the pixels the model still classifies
/// correctly and those it already gets wrong, weighted (1 - lambda_t) and lambda_t with lambda_t = (t - 1) / (2T) at
/// objective evaluation t of T (t from 1, so the first step attacks only the correct pixels and the weights move
/// towards one half). Targeted (the reference is the goal map), the weights swap, as in the CosPGD authors'
/// <c>segpgd_scale</c>: pixels already at their goal get lambda_t, the rest 1 - lambda_t. The split needs a predicted
/// class, so the form applies only to classification tasks; regression tasks in the same objective keep their own loss.
/// </summary>
public sealed class SegPgdForm : PixelLossForm
{
    public override string Name => "segpgd";

    public override bool DependsOnStep => true;

    public override string? Refusal(string task) => TaskNames.PredictsClasses(task)
        ? null
        : $"segpgd splits pixels into correctly and wrongly classified ones, and {task} predicts no classes (it is a regression task)";

    /// <summary>lambda_t = (t - 1) / (2T), t = 1..T.</summary>
    public static double Lambda(int step, int steps)
    {
        if (steps < 1 || step < 1 || step > steps)
            throw new ArgumentOutOfRangeException(nameof(step), $"Step {step} of {steps}: steps count from 1 to the number of objective evaluations.");
        return (step - 1) / (2.0 * steps);
    }

    public override Tensor Scale(VisionTask task, PixelLosses pixels, bool targeted, int step, int steps)
    {
        using var scope = NewDisposeScope();
        double lambda = Lambda(step, steps);
        using var onReference = (targeted ? lambda : 1 - lambda).ToScalar();
        using var offReference = (targeted ? 1 - lambda : lambda).ToScalar();
        var predicted = pixels.Prediction.detach().argmax(1, keepdim: true);
        var atReference = predicted.eq(pixels.Reference);
        var factor = full_like(pixels.Values, offReference, dtype: pixels.Prediction.dtype).masked_fill(atReference, onReference);
        return factor.detach().MoveToOuterDisposeScope();
    }
}
