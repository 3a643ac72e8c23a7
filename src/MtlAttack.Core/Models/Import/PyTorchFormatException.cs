namespace MtlAttack.Core.Models.Import;

/// <summary>
/// A PyTorch weights file that cannot be read as a state dict: not a zip written by <c>torch.save</c>, a malformed
/// or oversize pickle, a storage that is missing or of the wrong size, a dtype MtlAttack does not hold, or a value
/// that is not a tensor. The message names the file and the problem. (Files that can be read but do not fit the
/// network give a <see cref="CheckpointException"/>.)
/// </summary>
public class PyTorchFormatException(string message, Exception? inner = null) : IOException(message, inner);
