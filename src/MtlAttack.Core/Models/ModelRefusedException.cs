namespace MtlAttack.Core.Models;

/// <summary>
/// A model folder MtlAttack will not load, with a message saying what to change: the input is wrong, not the
/// machine (the CLI exits 2, the API answers 400).
/// </summary>
public sealed class ModelRefusedException(string message, Exception? inner = null) : IOException(message, inner);
