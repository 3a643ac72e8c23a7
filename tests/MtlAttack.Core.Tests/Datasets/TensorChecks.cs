using TorchSharp;

namespace MtlAttack.Core.Tests.Datasets;

internal static class TensorChecks
{
    /// <summary>Same shape and every element equal.</summary>
    public static bool Same(torch.Tensor a, torch.Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }
}
