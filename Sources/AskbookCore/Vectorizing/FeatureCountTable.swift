/// A map from feature key to count: open addressing with linear probing, slots found from the key's own bits.
///
/// Feature keys are already uniform 64-bit hashes (`StableHash`), so `Dictionary`'s SipHash of each key was wasted
/// work, and an import updates document frequencies once per key occurrence (~100M at 100k chunks). Written by hand:
/// no package on this machine has a map that skips hashing.
///
/// Key 0 marks an empty slot (a feature key's low two bits name its family, 1 to 3, so no feature has it); its count,
/// should a key 0 come from elsewhere, is kept beside the slots. A count that drops to 0 leaves its key in place as
/// absent, so removal never breaks a probe sequence.
struct FeatureCountTable: Sendable {
    /// A key and its count side by side, so that a probe reads one cache line, not one in each of two arrays.
    private struct Slot {
        var key: UInt64 = 0
        var count: UInt32 = 0
    }

    private var slots: [Slot]
    /// 64 less the base-2 logarithm of the number of slots: the product's bits above it index a slot.
    private var shift: Int
    /// The count of key 0, which cannot have a slot.
    private var zeroCount: UInt32 = 0
    /// Slots holding a key, counted or not.
    private var occupied = 0
    /// Keys with a count above 0.
    private(set) var count = 0

    /// An empty table with room for `capacity` keys before it grows.
    init(capacity: Int = 0) {
        (slots, shift) = Self.emptySlots(for: capacity)
    }

    /// Empty slots for `capacity` keys at most half full (16 at least), and their shift.
    private static func emptySlots(for capacity: Int) -> ([Slot], Int) {
        var slots = 16
        var bits = 4
        while slots < capacity * 2 {
            slots <<= 1
            bits += 1
        }
        return ([Slot](repeating: Slot(), count: slots), 64 - bits)
    }

    /// The slot of `key`, or the empty slot where it would go.
    @inline(__always)
    private func slot(of key: UInt64) -> Int {
        let mask = slots.count - 1
        // Multiplicative hashing, the top bits of the product: they depend on every bit of the key, its family bits
        // included.
        var index = Int(truncatingIfNeeded: (key &* 0xD6E8_FEB8_6659_FD93) >> UInt64(shift))
        while slots[index].key != 0 && slots[index].key != key { index = (index + 1) & mask }
        return index
    }

    /// The count of `key`, or `nil` when it is absent (or counted down to 0).
    @inline(__always)
    subscript(key: UInt64) -> UInt32? {
        if key == 0 { return zeroCount > 0 ? zeroCount : nil }
        let slot = slots[slot(of: key)]
        return slot.key == key && slot.count > 0 ? slot.count : nil
    }

    /// Adds `amount` to the count of `key`.
    @inline(__always)
    mutating func add(_ key: UInt64, _ amount: UInt32 = 1) {
        guard amount > 0 else { return }
        if key == 0 {
            if zeroCount == 0 { count += 1 }
            zeroCount &+= amount
            return
        }
        if (occupied + 1) * 2 > slots.count { grow() }
        let index = slot(of: key)
        if slots[index].key == 0 {
            slots[index].key = key
            occupied += 1
        }
        if slots[index].count == 0 { count += 1 }
        slots[index].count &+= amount
    }

    /// Takes 1 from the count of `key`; `false` (and no change) when it is absent.
    mutating func subtractOne(_ key: UInt64) -> Bool {
        if key == 0 {
            guard zeroCount > 0 else { return false }
            zeroCount -= 1
            if zeroCount == 0 { count -= 1 }
            return true
        }
        let index = slot(of: key)
        guard slots[index].key == key, slots[index].count > 0 else { return false }
        slots[index].count -= 1
        if slots[index].count == 0 { count -= 1 }
        return true
    }

    /// Rebuilds at a size for the keys with a count (those counted down to 0 are dropped), at most half full.
    private mutating func grow() {
        let old = slots
        (slots, shift) = Self.emptySlots(for: (count + 1) * 2)
        occupied = 0
        count = zeroCount > 0 ? 1 : 0
        for entry in old where entry.count > 0 {
            slots[slot(of: entry.key)] = entry
            occupied += 1
            count += 1
        }
    }
}

extension FeatureCountTable: Sequence {
    /// Every key whose count is above 0, with its count: key 0 first, then in slot order.
    struct Iterator: IteratorProtocol {
        fileprivate let table: FeatureCountTable
        fileprivate var index = -1

        mutating func next() -> (key: UInt64, count: UInt32)? {
            if index == -1 {
                index = 0
                if table.zeroCount > 0 { return (0, table.zeroCount) }
            }
            while index < table.slots.count {
                defer { index += 1 }
                let slot = table.slots[index]
                if slot.count > 0 { return (slot.key, slot.count) }
            }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(table: self) }

    var underestimatedCount: Int { count }
}
