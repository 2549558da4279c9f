namespace ModelGen.Kernels;

/// <summary>
/// The per-core L2 cache size the GEMM blocks for. Read once from Linux's sysfs (the first
/// cache of level 2 of cpu0); elsewhere, or when it cannot be read, 512 KB, the smallest L2 of
/// the CPUs this project sees (AMD Zen 2 and 3; Intel cores have 1-2 MB), so blocking errs
/// towards blocks that fit.
/// </summary>
internal static class CacheSizes
{
    /// <summary>The fallback when the size is unknown.</summary>
    public const int DefaultL2Bytes = 512 * 1024;

    /// <summary>Bytes of L2 per core.</summary>
    public static readonly int L2Bytes = ReadL2();

    private static int ReadL2()
    {
        try
        {
            for (int index = 0; index < 8; index++)
            {
                string dir = $"/sys/devices/system/cpu/cpu0/cache/index{index}";
                if (!File.Exists(Path.Combine(dir, "level")))
                {
                    break;
                }

                if (File.ReadAllText(Path.Combine(dir, "level")).Trim() != "2")
                {
                    continue;
                }

                string size = File.ReadAllText(Path.Combine(dir, "size")).Trim();
                int scale = size.EndsWith('K') ? 1024 : size.EndsWith('M') ? 1024 * 1024 : 1;
                if (int.TryParse(size.TrimEnd('K', 'M'), out int value) && value > 0)
                {
                    return value * scale;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return DefaultL2Bytes;
    }
}
