using System.Runtime.InteropServices;

namespace RetrainFunctions.Core.Storage;

/// <summary>
/// Hard links for <see cref="LocalFolderArtifactStore.CopyAsync"/>: .NET has no managed API for them, so this calls
/// <c>link(2)</c> (Linux, macOS) or <c>CreateHardLinkW</c> (Windows). Any failure — another volume, a file system without
/// links, a missing library — is reported as false and the caller copies instead.
/// </summary>
internal static partial class HardLinks
{
    /// <summary>Creates <paramref name="link"/> (which must not exist) as another name of the file <paramref name="existing"/>.</summary>
    public static bool TryCreate(string link, string existing)
    {
        try
        {
            return OperatingSystem.IsWindows() ? CreateHardLink(link, existing, IntPtr.Zero) : Link(existing, link) == 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string link);

    [LibraryImport("kernel32.dll", EntryPoint = "CreateHardLinkW", StringMarshalling = StringMarshalling.Utf16, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CreateHardLink(string link, string existing, IntPtr securityAttributes);
}
