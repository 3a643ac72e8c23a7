using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Benchmarks;

/// <summary>
/// Times two actions against each other: warm-up runs of both, then repeats that alternate between them, so a busy
/// neighbour process or a frequency change slows both sides alike and cancels in their ratio. The order flips every
/// repeat (A B, B A, A B, ...) so neither side always runs right after the other.
/// </summary>
public sealed class InterleavedTimer(Device device, int warmup, int repeats, CancellationToken cancellationToken)
{
    public (Measurement A, Measurement B) Compare(string labelA, Action a, string labelB, Action b)
    {
        for (int w = 0; w < warmup; w++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            a();
            b();
        }
        var timesA = new double[repeats];
        var timesB = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (r % 2 == 0)
            {
                timesA[r] = Time(a);
                timesB[r] = Time(b);
            }
            else
            {
                timesB[r] = Time(b);
                timesA[r] = Time(a);
            }
        }
        return (new Measurement(labelA, Measurement.Seconds, timesA), new Measurement(labelB, Measurement.Seconds, timesB));
    }

    private double Time(Action action)
    {
        // CUDA kernels run asynchronously: without a barrier the clock would stop before the work is done.
        Synchronize();
        var stopwatch = Stopwatch.StartNew();
        action();
        Synchronize();
        return stopwatch.Elapsed.TotalSeconds;
    }

    private void Synchronize()
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
    }
}
