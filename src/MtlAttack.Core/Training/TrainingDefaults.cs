namespace MtlAttack.Core.Training;

/// <summary>
/// Defaults of <see cref="TrainingOptions"/>, chosen by measurement for the CPU default model: the "small" backbone,
/// fully shared, on <see cref="Dataset"/> (800 train / 200 test scenes of 64 x 64 with the NYUv2 three tasks).
/// <para>
/// Measured on the 2-core development machine (seed 1, test split). Adam at 3e-3 with the poly schedule learns
/// the depth offset within an epoch (Adam at 1e-3 takes several; SGD at 0.05 with momentum 0.9 ends 15 epochs at mIoU
/// 0.88, 15.8 degrees, 0.38 depth error). After 15 epochs: mIoU 0.895, mean normal angle 12.3 degrees, depth
/// absolute error 0.353, against the trivial predictors' mIoU 0.065, 59.7 degrees and 1.62. Twenty epochs add
/// little (0.904, 11.7, 0.346). The reference augmentation (random scale 0.5-1.5) hurts here (depth error 0.53 after
/// 15 epochs): scaling a synthetic view without changing its depths contradicts the fixed field of view. Batches of
/// 32 learn no faster per image than 16. An epoch cost about 5 CPU-seconds with one torch thread and
/// oneDNN convolutions; with oneDNN off (<see cref="Native.TorchBackends"/>, for right input gradients) training runs
/// about 1.5 times longer (2 epochs of 300 scenes: 7.0 s against 4.7 s), so the default run needs about two CPU-minutes.
/// One thread is the default (<see cref="Native.TorchThreads"/>): with other processes keeping the cores busy,
/// libtorch's spinning threads are far slower (the same run took 12 minutes on two threads at load 10).
/// </para>
/// </summary>
public static class TrainingDefaults
{
    public const string Dataset = "synthetic:count=1000,size=64,seed=1";
    public const int Epochs = 15;
    public const int BatchSize = 16;
    public const string Optimizer = TrainingOptimizers.Adam;
    public const double LearningRate = 3e-3;
    public const double WeightDecay = 1e-4;
    public const string LearningRateSchedule = Training.LearningRateSchedule.Poly;
    public const bool Augment = false;
}
