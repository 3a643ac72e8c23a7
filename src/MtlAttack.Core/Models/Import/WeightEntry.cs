using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Import;

/// <summary>One named tensor of a weights file, as stored (before any name mapping or dtype conversion).</summary>
internal sealed record WeightEntry(string Name, ScalarType DType, long[] Shape)
{
    public string ShapeText => MtlAttack.Core.Models.SafeTensors.SafeTensorEntry.FormatShape(Shape);
}
