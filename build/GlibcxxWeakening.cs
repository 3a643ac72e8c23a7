// Marks a GLIBCXX version requirement of an ELF shared object weak, so the dynamic loader
// accepts a system libstdc++ that lacks it. Used by build/TorchNatives.targets as an inline
// MSBuild task and compiled into the Core tests (with ELF_LOGIC_ONLY) to verify the output.
//
// Why: libLibTorchSharp.so in TorchSharp 0.107.0 requires GLIBCXX_3.4.32 only for
// std::ios_base_library_init(), which nothing calls; Debian 12's libstdc++ stops at 3.4.30.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

public static class ElfVersionNeeds
{
    public const ushort VerFlagWeak = 0x2;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    public sealed class Requirement
    {
        public string File = "";
        public string Version = "";
        public ushort Flags;
        public long FlagsOffset;
        public bool IsWeak => (Flags & VerFlagWeak) != 0;
    }

    /// <summary>Every (library, version) requirement in the .gnu.version_r section of a 64-bit little-endian ELF.</summary>
    public static List<Requirement> Read(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        var result = new List<Requirement>();
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            int entries = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C);
            long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);

            long need = offset;
            for (int n = 0; n < entries; n++)
            {
                int count = BitConverter.ToUInt16(elf, (int)need + 2);
                string file = ReadString(elf, strtab + BitConverter.ToUInt32(elf, (int)need + 4));
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < count; a++)
                {
                    result.Add(new Requirement
                    {
                        File = file,
                        Version = ReadString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8)),
                        Flags = BitConverter.ToUInt16(elf, (int)aux + 4),
                        FlagsOffset = aux + 4,
                    });
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        return result;
    }

    /// <summary>Sets the weak flag on every requirement of <paramref name="version"/>; returns how many changed.</summary>
    public static int MarkWeak(byte[] elf, string version)
    {
        int changed = 0;
        foreach (var r in Read(elf))
        {
            if (r.Version != version || r.IsWeak) continue;
            ushort flags = (ushort)(r.Flags | VerFlagWeak);
            elf[r.FlagsOffset] = (byte)(flags & 0xff);
            elf[r.FlagsOffset + 1] = (byte)(flags >> 8);
            changed++;
        }
        return changed;
    }

    /// <summary>The system libstdc++, or null where none is found in the usual places.</summary>
    public static string? FindSystemLibStdCxx()
    {
        foreach (var dir in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib/aarch64-linux-gnu", "/usr/lib" })
        {
            var path = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>True when the library file defines the given version name (e.g. GLIBCXX_3.4.32).</summary>
    public static bool Provides(string libraryPath, string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        var data = File.ReadAllBytes(libraryPath);
        for (int i = 0; i + needle.Length <= data.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && data[i + j] == needle[j]) j++;
            if (j == needle.Length && (i == 0 || data[i - 1] == 0)) return true;
        }
        return false;
    }

    private static string ReadString(byte[] elf, long offset)
    {
        int end = (int)offset;
        while (end < elf.Length && elf[end] != 0) end++;
        return Encoding.ASCII.GetString(elf, (int)offset, end - (int)offset);
    }
}

#if !ELF_LOGIC_ONLY
public class WeakenGlibcxxRequirement : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    [Microsoft.Build.Framework.Required]
    public string Version { get; set; } = "";

    public override bool Execute()
    {
        var libstdcxx = ElfVersionNeeds.FindSystemLibStdCxx();
        if (libstdcxx == null)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "No system libstdc++ found; leaving TorchSharp natives as shipped.");
            return true;
        }
        if (ElfVersionNeeds.Provides(libstdcxx, Version))
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, libstdcxx + " provides " + Version + "; no patch needed.");
            return true;
        }
        foreach (var item in Libraries)
        {
            var path = item.ItemSpec;
            var bytes = File.ReadAllBytes(path);
            int changed = ElfVersionNeeds.MarkWeak(bytes, Version);
            if (changed == 0) continue;
            // Write a new file and rename it over the old one: the output copy may be a hard link
            // into the shared NuGet cache, which must never change.
            var temp = path + ".weak-tmp";
            File.WriteAllBytes(temp, bytes);
            File.Delete(path);
            File.Move(temp, path);
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                "MtlAttack: marked " + Version + " weak in " + path + " (system " + libstdcxx + " lacks it)");
        }
        return true;
    }
}
#endif
