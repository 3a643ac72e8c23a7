namespace MtlAttack.Core.Models;

/// <summary>
/// A checkpoint directory that cannot be loaded into the network its <c>model.json</c> describes: a file is
/// missing, a tensor is missing, extra or of the wrong shape or dtype, or weights are not finite. The message names
/// the directory and the tensor.
/// </summary>
public sealed class CheckpointException(string message, Exception? inner = null) : IOException(message, inner);
