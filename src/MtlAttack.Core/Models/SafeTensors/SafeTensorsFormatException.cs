namespace MtlAttack.Core.Models.SafeTensors;

/// <summary>A safetensors file that is malformed or oversize; the message names the file and the problem.</summary>
public sealed class SafeTensorsFormatException(string message) : IOException(message);
