/// The XML Schema of the `.PublishSettings` format, compiled into the binary so validation needs
/// no file at run time. `Profiles/publishSettings.xsd` holds the same text byte for byte (a test
/// checks it); edit both together.
public enum PublishSettingsSchema {
    /// The XSD text.
    public static let xsd = #"""
        <?xml version="1.0" encoding="utf-8"?>
        <!--
          The .PublishSettings format (publish profiles) as Azure App Service, Visual Studio and Hearth
          write it: a publishData root with one or more publishProfile elements, each with an optional
          databases child. Known attributes are declared; tools add others, which are allowed (skipped).
          Hearth validates every profile it emits against this schema. Keep this file byte-identical to
          Sources/HearthProfiles/PublishSettingsSchema.swift (a test checks it).
        -->
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">

          <xs:simpleType name="nonEmptyString">
            <xs:restriction base="xs:string">
              <xs:minLength value="1"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:element name="publishData">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="publishProfile" type="publishProfileType" minOccurs="1" maxOccurs="unbounded"/>
              </xs:sequence>
              <xs:anyAttribute processContents="skip"/>
            </xs:complexType>
          </xs:element>

          <xs:complexType name="publishProfileType">
            <xs:sequence>
              <xs:element name="databases" type="databasesType" minOccurs="0" maxOccurs="1"/>
            </xs:sequence>
            <xs:attribute name="profileName" type="nonEmptyString" use="required"/>
            <!-- MSDeploy, FTP or ZipDeploy in Azure's profiles; Hearth emits only ZipDeploy. -->
            <xs:attribute name="publishMethod" type="nonEmptyString" use="required"/>
            <xs:attribute name="publishUrl" type="nonEmptyString" use="required"/>
            <xs:attribute name="msdeploySite" type="xs:string"/>
            <xs:attribute name="userName" type="nonEmptyString" use="required"/>
            <xs:attribute name="userPWD" type="xs:string" use="required"/>
            <xs:attribute name="destinationAppUrl" type="xs:string"/>
            <xs:attribute name="SQLServerDBConnectionString" type="xs:string"/>
            <xs:attribute name="mySQLDBConnectionString" type="xs:string"/>
            <xs:attribute name="hostingProviderForumLink" type="xs:string"/>
            <xs:attribute name="controlPanelLink" type="xs:string"/>
            <xs:attribute name="webSystem" type="xs:string"/>
            <xs:attribute name="ftpPassiveMode" type="xs:string"/>
            <xs:attribute name="targetDatabaseEngineType" type="xs:string"/>
            <xs:attribute name="targetServerVersion" type="xs:string"/>
            <xs:anyAttribute processContents="skip"/>
          </xs:complexType>

          <xs:complexType name="databasesType">
            <xs:sequence>
              <xs:element name="add" minOccurs="0" maxOccurs="unbounded">
                <xs:complexType>
                  <xs:attribute name="name" type="xs:string" use="required"/>
                  <xs:attribute name="connectionString" type="xs:string" use="required"/>
                  <xs:attribute name="providerName" type="xs:string"/>
                  <xs:attribute name="type" type="xs:string"/>
                  <xs:anyAttribute processContents="skip"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
          </xs:complexType>

        </xs:schema>

        """#
}
