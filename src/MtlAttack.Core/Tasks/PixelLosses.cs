using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// A task's loss before it is averaged: the loss of every pixel, the weight each pixel has in the sample's mean, and
/// what the per-pixel attack forms (SegPGD, CosPGD) compare to decide how to rescale a pixel. The task's per-sample loss
/// is the weighted mean sum(w * v) / sum(w) over each sample's pixels (<see cref="VisionTask.ScaledPerSampleLoss"/>).
/// </summary>
/// <param name="Values">Per-pixel loss [N,1 or C,H,W], with its graph to the prediction.</param>
/// <param name="Weights">[N,1,H,W]: 0 where a pixel is not scored, else its weight (1, or the class weight of its label).</param>
/// <param name="Prediction">The prediction resized to the target, [N,K,H,W] (logits for a classification task).</param>
/// <param name="Reference">
/// What the prediction is compared with: the class index [N,1,H,W] (int64; 0 where not scored) for a classification task,
/// else the target [N,C,H,W] in the prediction's dtype.
/// </param>
public sealed record PixelLosses(Tensor Values, Tensor Weights, Tensor Prediction, Tensor Reference);
