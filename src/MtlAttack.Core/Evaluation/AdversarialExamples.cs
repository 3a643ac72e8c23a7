using static TorchSharp.torch;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// The first samples of one cell as the evaluation attacked them: clean and adversarial images in 0..255 pixel
/// units (the normalisation mean added back) and the model's channel order, and the model's outputs on the
/// adversarial images. All on the CPU; the owner disposes them.
/// </summary>
/// <param name="Clean">[N,3,H,W] float32.</param>
/// <param name="Adversarial">[N,3,H,W] float32, within the cell's epsilon of <paramref name="Clean"/> in every pixel and channel.</param>
/// <param name="Predictions">Per task, the model's output on <paramref name="Adversarial"/>, [N,C,h,w].</param>
public sealed record AdversarialExamples(EvaluationCell Cell, Tensor Clean, Tensor Adversarial, IReadOnlyDictionary<string, Tensor> Predictions) : IDisposable
{
    public int Count => (int)Clean.shape[0];

    public void Dispose()
    {
        Clean.Dispose();
        Adversarial.Dispose();
        foreach (var prediction in Predictions.Values) prediction.Dispose();
    }
}
