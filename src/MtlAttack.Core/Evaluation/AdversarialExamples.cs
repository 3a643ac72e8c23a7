using static TorchSharp.torch;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// The first samples of one cell as the evaluation attacked them: clean and adversarial images in 0..255 pixel
/// units (the normalisation mean added back) and the model's channel order, and the model's outputs on the
/// adversarial images. All on the CPU; the owner disposes them.
/// </summary>
public sealed class AdversarialExamples(EvaluationCell cell, Tensor clean, Tensor adversarial, IReadOnlyDictionary<string, Tensor> predictions) : IDisposable
{
    public EvaluationCell Cell { get; } = cell;

    /// <summary>[N,3,H,W] float32.</summary>
    public Tensor Clean { get; } = clean;

    /// <summary>[N,3,H,W] float32, within the cell's epsilon of <see cref="Clean"/> in every pixel and channel.</summary>
    public Tensor Adversarial { get; } = adversarial;

    /// <summary>Per task, the model's output on <see cref="Adversarial"/>, [N,C,h,w].</summary>
    public IReadOnlyDictionary<string, Tensor> Predictions { get; } = predictions;

    public int Count => (int)Clean.shape[0];

    public void Dispose()
    {
        Clean.Dispose();
        Adversarial.Dispose();
        foreach (var prediction in Predictions.Values) prediction.Dispose();
    }
}
