using System.Runtime.Intrinsics.X86;
using System.Text;

namespace ModelGen.Kernels;

/// <summary>
/// The CPU's vendor string from CPUID leaf 0 ("GenuineIntel", "AuthenticAMD", ...), or "" where
/// there is no CPUID (Arm). Kernels that are tuned per microarchitecture (where one trade-off
/// measures differently on Intel and AMD cores) read it once.
/// </summary>
internal static class CpuVendor
{
    public static readonly string Name = Read();

    /// <summary>True on Intel CPUs.</summary>
    public static readonly bool IsIntel = Name == "GenuineIntel";

    private static string Read()
    {
        if (!X86Base.IsSupported) return "";
        // Leaf 0 spells the vendor in EBX, EDX, ECX, four ASCII characters each.
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<byte> bytes = stackalloc byte[12];
        BitConverter.TryWriteBytes(bytes[0..4], ebx);
        BitConverter.TryWriteBytes(bytes[4..8], edx);
        BitConverter.TryWriteBytes(bytes[8..12], ecx);
        return Encoding.ASCII.GetString(bytes);
    }
}
