namespace MtlAttack.Core.IO;

/// <summary>
/// A data file exists but cannot be used: corrupt, wrong dtype, wrong shape, out-of-range values.
/// The message always names the file and says what was expected, so a user can fix the data set.
/// </summary>
public sealed class DataFileException : IOException
{
    public DataFileException(string filePath, string problem, Exception? inner = null)
        : base($"'{filePath}': {problem}", inner)
    {
        FilePath = filePath;
    }

    public string FilePath { get; }
}
