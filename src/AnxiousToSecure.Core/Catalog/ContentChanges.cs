namespace AnxiousToSecure.Core.Catalog;

/// <summary>
/// Raised in this process after the shared content cache was dropped (a write here, or a
/// notification from another instance), so anything else that keeps shared pages can drop them too.
/// </summary>
public sealed class ContentChanges
{
    public event Action? Changed;

    internal void Raise() => Changed?.Invoke();
}
