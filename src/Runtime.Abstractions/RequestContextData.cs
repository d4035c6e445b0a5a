using System.Collections;

namespace OrleansAuth.Runtime;

/// <summary>An immutable set of request-context pairs; captured once per call, safe to share between threads.</summary>
public sealed class RequestContextData : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static readonly RequestContextData Empty = new([]);

    private readonly KeyValuePair<string, string>[] _items;

    public RequestContextData(KeyValuePair<string, string>[] items) => _items = items;

    public int Count => _items.Length;

    // Exposed as object values so the snapshot can be passed directly as a logging scope state.
    public KeyValuePair<string, object?> this[int index] => new(_items[index].Key, _items[index].Value);

    public IReadOnlyList<KeyValuePair<string, string>> Items => _items;

    public string? Get(string key)
    {
        foreach (var item in _items)
        {
            if (item.Key == key)
            {
                return item.Value;
            }
        }

        return null;
    }

    public RequestContextData With(string key, string value)
    {
        var index = Array.FindIndex(_items, i => i.Key == key);
        var copy = index < 0 ? new KeyValuePair<string, string>[_items.Length + 1] : (KeyValuePair<string, string>[])_items.Clone();
        if (index < 0)
        {
            _items.CopyTo(copy, 0);
            index = _items.Length;
        }

        copy[index] = new(key, value);
        return new RequestContextData(copy);
    }

    public RequestContextData? Without(string key)
    {
        var kept = Array.FindAll(_items, i => i.Key != key);
        return kept.Length == 0 ? null : new RequestContextData(kept);
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _items.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", _items.Select(i => $"{i.Key}:{i.Value}"));
}
