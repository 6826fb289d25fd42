<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
  <context>
    <name>POS</name>
    <message numerus="yes">
      <source>at most %n character(s)</source>
      <translation>
        <numerusform>at most %n character</numerusform>
        <numerusform>at most %n characters</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>at least %n character(s)</source>
      <translation>
        <numerusform>at least %n character</numerusform>
        <numerusform>at least %n characters</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SearchPage</name>
    <message numerus="yes">
      <source>%n customer(s) in all stores (HQ)</source>
      <translation>
        <numerusform>%n customer in all stores (HQ)</numerusform>
        <numerusform>%n customers in all stores (HQ)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>First %n customer(s): type more to narrow the search.</source>
      <translation>
        <numerusform>First %n customer: type more to narrow the search.</numerusform>
        <numerusform>First %n customers: type more to narrow the search.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s)</source>
      <translation>
        <numerusform>%n customer</numerusform>
        <numerusform>%n customers</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Search all stores needs at least %n character(s).</source>
      <translation>
        <numerusform>Search all stores needs at least %n character.</numerusform>
        <numerusform>Search all stores needs at least %n characters.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>StatusBar</name>
    <message numerus="yes">
      <source>Pending sync: %n</source>
      <translation>
        <numerusform>Pending sync: %n</numerusform>
        <numerusform>Pending sync: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Rejected: %n</source>
      <translation>
        <numerusform>Rejected: %n</numerusform>
        <numerusform>Rejected: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Conflicts: %n</source>
      <translation>
        <numerusform>Conflicts: %n</numerusform>
        <numerusform>Conflicts: %n</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Quarantined: %n</source>
      <translation>
        <numerusform>Quarantined: %n</numerusform>
        <numerusform>Quarantined: %n</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>WorklistPage</name>
    <message numerus="yes">
      <source>%n record(s)</source>
      <translation>
        <numerusform>%n record</numerusform>
        <numerusform>%n records</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n min</source>
      <translation>
        <numerusform>%n min</numerusform>
        <numerusform>%n min</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n h</source>
      <translation>
        <numerusform>%n h</numerusform>
        <numerusform>%n h</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n d</source>
      <translation>
        <numerusform>%n d</numerusform>
        <numerusform>%n d</numerusform>
      </translation>
    </message>
  </context>
</TS>
