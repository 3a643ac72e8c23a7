using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Tasks;

/// <summary>Small hand-written tensors for the task tests.</summary>
internal static class TaskTensors
{
    public static Tensor Of(float[] values, params long[] shape) => tensor(values, shape);

    public static Tensor Of(double[] values, params long[] shape) => tensor(values, shape);

    public static Tensor Ones(params long[] shape) => ones(shape);

    public static Tensor Zeros(params long[] shape) => zeros(shape);

    public static double[] Values(Tensor t) => t.detach().to_type(ScalarType.Float64).cpu().data<double>().ToArray();

    /// <summary>Samples <paramref name="start"/>..start+count-1 of a batch.</summary>
    public static Tensor Samples(Tensor batch, long start, long count) => batch.narrow(0, start, count);
}
