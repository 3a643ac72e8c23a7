namespace MtlAttack.Core.IO;

/// <summary>Checks shared by every reader so that a missing file is reported the same way everywhere.</summary>
public static class DataFiles
{
    /// <summary>Throws <see cref="FileNotFoundException"/> naming the file and what it should have held.</summary>
    public static void RequireFile(string path, string expected)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Missing file '{path}' (expected {expected}).", path);
    }

    /// <summary>Throws <see cref="DirectoryNotFoundException"/> naming the folder and what it should have held.</summary>
    public static void RequireDirectory(string path, string expected)
    {
        if (!Directory.Exists(path))
            throw new DirectoryNotFoundException($"Missing folder '{path}' (expected {expected}).");
    }
}
